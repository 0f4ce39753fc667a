/**
 * What every command module receives and returns. Commands never call `process.exit`, never
 * read `process.env`/`process.argv` directly, and print only through `stdout`/`stderr`, so
 * tests run them in-process with a fake context.
 */
export interface CommandContext {
  /** Arguments after the command words (e.g. after `deploy plan`). */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Colour on: stdout is a TTY, no `--no-color`, no `NO_COLOR`. */
  readonly color: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** stderr is a terminal: progress of slow steps may be drawn there (cli/progress.ts). */
  readonly stderrIsTty?: boolean;
  /** Asks one question on the terminal (stdin and stderr are terminals); else absent. */
  readonly prompt?: (question: string) => Promise<string | undefined>;
}

/** A command returns its exit code (0 ok, 1 failure/findings, 2 usage). */
export type CommandRun = (context: CommandContext) => Promise<number>;

export interface CommandModule {
  readonly run: CommandRun;
}
