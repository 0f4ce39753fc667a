import { parseArgs } from "node:util";
import { closestName } from "../diagnostics/render.ts";
import { UsageError } from "./errors.ts";

/** One flag of a command. `short` is a single letter (`-p`). */
export interface FlagSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string | boolean;
  /** One line for `--help`. */
  readonly description: string;
  /** Placeholder in help, e.g. `DIR`. */
  readonly valueName?: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface ParsedFlags {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parse a command's arguments strictly. Unknown flags and missing values become a `UsageError`
 * naming the flag, with a "did you mean" when one is close. Values are never auto-cast: a
 * command converts and validates its own numbers.
 */
export function parseFlags(
  args: readonly string[],
  specs: FlagSpecs,
  options: { readonly positionalsMax: number },
): ParsedFlags {
  const config: Record<string,
    { type: "string" | "boolean"; short?: string; multiple?: boolean;
      default?: string | boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    config[name] = { type: spec.type };
    if (spec.short) config[name].short = spec.short;
    if (spec.multiple) config[name].multiple = true;
    if (spec.default !== undefined) config[name].default = spec.default;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: config,
      allowPositionals: true,
      strict: true,
      allowNegative: true,
    });
  } catch (error) {
    throw toUsageError(error, specs);
  }
  if (parsed.positionals.length > options.positionalsMax) {
    const extra = parsed.positionals[options.positionalsMax]!;
    throw new UsageError(`unexpected argument '${extra}'`, "see --help for the accepted arguments");
  }
  return { values: parsed.values as ParsedFlags["values"], positionals: parsed.positionals };
}

function toUsageError(error: unknown, specs: FlagSpecs): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
  if (unknown) {
    const flag = unknown[1]!;
    const guess = closestName(flag.replace(/^-+/, ""), Object.keys(specs));
    return new UsageError(
      `unknown flag '${flag}'`,
      guess ? `did you mean '--${guess}'?` : "see --help for the accepted flags",
    );
  }
  const missing = /Option '(-[^']+)' argument missing/.exec(message);
  if (missing) {
    // Node names the flag as "-p, --project <value>"; show the long form only.
    const long = /--[\w-]+/.exec(missing[1]!)?.[0] ?? missing[1]!;
    return new UsageError(`flag '${long}' needs a value`);
  }
  const stray = /Option '(-[^']+)' does not take an argument/.exec(message);
  if (stray) return new UsageError(`flag '${stray[1]}' does not take a value`);
  return new UsageError(message.split("\n")[0]!);
}

/** Help text for a command's flags, aligned. */
export function renderFlagHelp(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const left = `${spec.short ? `-${spec.short}, ` : "    "}--${name}` +
      (spec.type === "string" ? ` ${spec.valueName ?? "VALUE"}` : "");
    return [left, spec.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, text]) => wrapHelpLine(`  ${left.padEnd(width)}  `, text))
    .join("\n");
}

/** Help lines stay within this many columns: continuation lines align under the text. */
const helpColumnsMax = 100;

function wrapHelpLine(prefix: string, text: string): string {
  const lines: string[] = [];
  let line = prefix;
  for (const word of text.split(" ")) {
    const next = line.length === prefix.length || lines.length > 0 && line.trim() === ""
      ? `${line}${word}` :
      `${line} ${word}`;
    if ([...next].length > helpColumnsMax && line.trim() !== "" &&
      line.length > prefix.length) {
      lines.push(line);
      line = `${" ".repeat(prefix.length)}${word}`;
    } else {
      line = next;
    }
  }
  lines.push(line);
  return lines.join("\n");
}
