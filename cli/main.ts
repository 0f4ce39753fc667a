/**
 * The dispatcher: argv → command → exit code. Pure apart from what `CliIo` passes in, so tests
 * run the whole CLI in-process. Only `main.ts` turns the returned code into `process.exit`.
 *
 * Error policy (README, "Exit codes"): `UsageError` → 2, `UserError` → its code, `ExitError` →
 * its code, all without a stack; anything else is a bug → "internal error" + stack, exit 70.
 */
import { closestName } from "../diagnostics/render.ts";
import type { CommandContext } from "./command.ts";
import { asLoadedCommand, commandGroups, commandTable, type CommandEntry } from "./commands.ts";
import { ExitError, UsageError, UserError, exitCodes } from "./errors.ts";

import { commandHelp, groupHelp, topLevelHelp } from "./help.ts";
import { formatError } from "./output.ts";
import { renderUserError } from "./reporter.ts";
import { synthFailureAsUserError } from "./synth-failure.ts";
import { dazzleCommit, dazzleVersion } from "./version.ts";

/** Exit code for a bug in dazzle (BSD sysexits EX_SOFTWARE), distinct from findings (1). */
export const internalErrorExitCode = 70;

export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal: colour is only ever used on one. */
  readonly stdoutIsTty: boolean;
  /** Whether stderr is a terminal: progress is only ever drawn on one. */
  readonly stderrIsTty?: boolean;
  /** Asks the user one question on the terminal; absent when stdin is not a terminal. */
  readonly prompt?: (question: string) => Promise<string | undefined>;
}

interface GlobalOptions {
  readonly noColor: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly rest: string[];
}

/** Flags every command accepts, anywhere before `--`. */
const globalFlagNames = new Set(["--no-color", "--quiet", "--verbose"]);

/**
 * Run one command line. `commands` defaults to the real table; tests pass fakes to check how
 * each kind of failure is reported.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CommandEntry[] = commandTable,
): Promise<number> {
  const globals = extractGlobalFlags(argv);
  const color = io.stdoutIsTty && !globals.noColor && !io.env["NO_COLOR"];
  try {
    return await dispatch(globals, io, color, commands);
  } catch (error) {
    return reportFailure(error, io, color);
  }
}

function extractGlobalFlags(argv: readonly string[]): GlobalOptions {
  const separator = argv.indexOf("--");
  const head = separator < 0 ? [...argv] : argv.slice(0, separator);
  const tail = separator < 0 ? [] : argv.slice(separator);
  return {
    noColor: head.includes("--no-color"),
    quiet: head.includes("--quiet"),
    verbose: head.includes("--verbose"),
    rest: [...head.filter((arg) => !globalFlagNames.has(arg)), ...tail],
  };
}

async function dispatch(
  globals: GlobalOptions,
  io: CliIo,
  color: boolean,
  commands: readonly CommandEntry[],
): Promise<number> {
  const [first, ...afterFirst] = globals.rest;
  if (first === undefined) {
    io.stderr(topLevelHelp(commands));
    return exitCodes.usage;
  }
  if (first === "help" && afterFirst.length > 0) {
    // `dazzle help deploy plan` is `dazzle deploy plan --help`.
    return dispatch({ ...globals, rest: [...afterFirst, "--help"] }, io, color, commands);
  }
  if (first === "--help" || first === "-h" || first === "help") {
    io.stdout(topLevelHelp(commands));
    return exitCodes.ok;
  }
  if (first === "--version" || first === "-V") {
    io.stdout(`dazzle ${dazzleVersion} (${dazzleCommit})\n`);
    return exitCodes.ok;
  }
  if (first.startsWith("-")) {
    throw new UsageError(`unknown flag '${first}'`,
      "global flags are --help, --version, --no-color, --quiet, --verbose");
  }
  const { entry, args } = findCommand(commands, first, afterFirst);
  const command = asLoadedCommand(await entry.load().catch(() => undefined));
  const name = `dazzle ${entry.words.join(" ")}`;
  if (command === undefined) {
    throw new UserError("cli/notInBuild", `'${name}' is not available in this build`,
      "it was not part of the source this build was made from");
  }
  if (wantsHelp(args)) {
    io.stdout(commandHelp(name, command));
    return exitCodes.ok;
  }
  const context: CommandContext = {
    args,
    cwd: io.cwd,
    env: io.env,
    stdout: io.stdout,
    stderr: io.stderr,
    color,
    quiet: globals.quiet,
    verbose: globals.verbose,
    ...(io.stderrIsTty ? { stderrIsTty: true } : {}),
    ...(io.prompt ? { prompt: io.prompt } : {}),
  };
  try {
    return await command.run(context);
  } catch (error) {
    // A usage error without advice gets the one advice that always applies.
    if (error instanceof UsageError && error.hint === undefined) {
      throw new UsageError(error.message, `run '${name} --help' for usage`);
    }
    throw error;
  }
}

/** `--help`/`-h` before any `--`. Checked before parsing, so it works beside bad flags. */
function wantsHelp(args: readonly string[]): boolean {
  const separator = args.indexOf("--");
  const head = separator < 0 ? args : args.slice(0, separator);
  return head.includes("--help") || head.includes("-h");
}

function findCommand(commands: readonly CommandEntry[], first: string, rest: readonly string[]): {
  entry: CommandEntry;
  args: string[];
} {
  const single = commands.find((e) => e.words.length === 1 && e.words[0] === first);
  if (single) return { entry: single, args: [...rest] };
  if (commandGroups.has(first)) {
    const [second, ...args] = rest;
    const members = commands.filter((e) => e.words[0] === first);
    if (second === undefined || second === "--help" || second === "-h") {
      throw new HelpRequest(groupHelp(commands, first), second === undefined ? exitCodes.usage : 0);
    }
    const entry = members.find((e) => e.words[1] === second);
    if (entry) return { entry, args };
    const guess = closestName(second, members.map((e) => e.words[1]!));
    throw new UsageError(`unknown command 'dazzle ${first} ${second}'`,
      guess ? `did you mean 'dazzle ${first} ${guess}'?` : `run 'dazzle ${first} --help'`);
  }
  throw new UsageError(`unknown command '${first}'`, suggestCommand(commands, first));
}

function suggestCommand(commands: readonly CommandEntry[], word: string): string {
  // `dazzle plan` most likely means `dazzle deploy plan`.
  const grouped = commands.filter((e) => e.words.length === 2);
  const exact = grouped.find((e) => e.words[1] === word);
  if (exact) return `did you mean 'dazzle ${exact.words.join(" ")}'?`;
  const names = [...new Set(commands.map((e) => e.words[0]!))];
  const guess = closestName(word, names);
  if (guess !== undefined) return `did you mean 'dazzle ${guess}'?`;
  const member = closestName(word, grouped.map((e) => e.words[1]!));
  const entry = grouped.find((e) => e.words[1] === member);
  return entry
    ? `did you mean 'dazzle ${entry.words.join(" ")}'?`
    : "run 'dazzle --help' for the list of commands";
}

/** Group help is not an error when asked for; thrown to keep `findCommand` single-purpose. */
class HelpRequest extends Error {
  constructor(readonly text: string, readonly exitCode: number) {
    super("help");
  }
}

function reportFailure(error: unknown, io: CliIo, color: boolean): number {
  if (error instanceof HelpRequest) {
    (error.exitCode === 0 ? io.stdout : io.stderr)(error.text);
    return error.exitCode;
  }
  if (error instanceof ExitError) return error.exitCode;
  if (error instanceof UsageError) {
    io.stderr(formatError(color, error.message, error.hint ?? "run with --help for usage"));
    return exitCodes.usage;
  }
  const userError = error instanceof UserError ? error : synthFailureAsUserError(error);
  if (userError) {
    io.stderr(renderUserError(userError, color));
    return userError.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(
    formatError(color, "internal error (this is a bug in dazzle)",
      `please report it with the output below\n${stack}`),
  );
  return internalErrorExitCode;
}
