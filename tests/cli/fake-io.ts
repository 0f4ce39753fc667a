/** Runs the CLI in-process with captured output, as a user would see it. */
import { runCli, type CliIo } from "../../cli/main.ts";
import type { CommandEntry } from "../../cli/commands.ts";

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runInProcess(
  argv: readonly string[],
  options: {
    readonly cwd?: string;
    readonly env?: Record<string, string>;
    readonly tty?: boolean;
    readonly commands?: readonly CommandEntry[];
    /** A terminal user: answers to the prompts, in order (then end of input). */
    readonly answers?: readonly string[];
    /** stderr is a terminal: progress is drawn there. */
    readonly stderrTty?: boolean;
  } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const answers = [...(options.answers ?? [])];
  const io: CliIo = {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdoutIsTty: options.tty ?? false,
    ...(options.stderrTty ? { stderrIsTty: true } : {}),
    ...(options.answers ?
      { prompt: async (question: string) => {
        stderr += question;
        return answers.shift();
      } } :
      {}),
  };
  const exitCode = options.commands
    ? await runCli(argv, io, options.commands)
    : await runCli(argv, io);
  return { exitCode, stdout, stderr };
}
