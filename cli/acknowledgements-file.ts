/**
 * `dazzle-acknowledgements.toml` for the commands that honour it (preflight, generate): read
 * safely (a FIFO or device is an error, not a hang), parsed, its mistakes rendered
 * compiler-style; any mistake ends the command with exit 1 before it does anything.
 */
import { join, relative, resolve } from "node:path";
import { readRegularTextFile, UnreadableFileError } from "../files/read-regular-file.ts";
import { acknowledgementsFileName, parseAcknowledgements,
  type Acknowledgement } from "../preflight/index.ts";
import type { CommandContext } from "./command.ts";
import { ExitError, UsageError, UserError } from "./errors.ts";
import { reportDiagnostics } from "./reporter.ts";

/** Far above any real file (1,000 acknowledgements of a few lines each). */
const fileBytesMax = 1024 * 1024;

export function loadAcknowledgements(context: CommandContext, projectDir: string,
  flagValue: unknown, command: string): Acknowledgement[] {
  const path = typeof flagValue === "string" ?
    resolve(context.cwd, flagValue)
    : join(projectDir, acknowledgementsFileName);
  let text: string | undefined;
  try {
    text = readRegularTextFile(path, fileBytesMax);
  } catch (error) {
    if (error instanceof UnreadableFileError) {
      throw new UserError("cli/unreadableFile", error.message);
    }
    throw error;
  }
  if (text === undefined) {
    if (typeof flagValue === "string") throw new UsageError(`no acknowledgement file at ${path}`);
    return [];
  }
  const shownPath = relative(context.cwd, path) || path;
  const parsed = parseAcknowledgements(text, shownPath);
  if (parsed.diagnostics.length > 0) {
    reportDiagnostics(context, context.cwd, parsed.diagnostics, new Map([[shownPath, text]]));
    context.stderr(`\n${shownPath} has errors; ${command} did not run\n`);
    throw new ExitError(1);
  }
  return parsed.acknowledgements;
}
