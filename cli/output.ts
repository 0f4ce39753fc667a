/**
 * Small output helpers shared by commands: colour that respects the context, and the one way
 * the CLI prints a user-facing error (`error: ...` + `hint: ...`, never a stack).
 */
import type { CommandContext } from "./command.ts";

const ansi = {
  red: "\x1b[31m",
  yellow: "\x1b[33m",
  green: "\x1b[32m",
  cyan: "\x1b[36m",
  bold: "\x1b[1m",
  dim: "\x1b[2m",
  reset: "\x1b[0m",
} as const;

export type Colour = keyof typeof ansi;

/** Wrap `text` in an ANSI colour only when colour is on. */
export function paint(color: boolean, colour: Colour, text: string): string {
  return color ? ansi[colour] + text + ansi.reset : text;
}

/** `error: message` and an optional `hint:` line, ready for stderr. */
export function formatError(color: boolean, message: string, hint?: string): string {
  const lines = [`${paint(color, "red", "error")}: ${message}`];
  if (hint) lines.push(`${paint(color, "cyan", "hint")}: ${hint}`);
  return lines.join("\n") + "\n";
}

/** Progress or detail lines: hidden by `--quiet`. */
export function info(context: CommandContext, text: string): void {
  if (!context.quiet) context.stderr(text.endsWith("\n") ? text : text + "\n");
}
