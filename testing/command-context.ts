/**
 * A command context that keeps what the command writes, for tests that call a command's `run`
 * (or a helper that takes a context) directly instead of going through `runCli`.
 */
import type { CommandContext } from "../cli/command.ts";

export type Stream = "stdout" | "stderr";

export interface RecordingContext extends CommandContext {
  /** The chunks written in order: to one stream, or both interleaved (as a terminal shows them). */
  written(stream?: Stream): string[];
  /** The same, joined. */
  text(stream?: Stream): string;
}

export interface RecordingOptions {
  readonly cwd: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly quiet?: boolean;
  readonly stderrIsTty?: boolean;
}

export function recordingContext(options: RecordingOptions): RecordingContext {
  const writes: { readonly stream: Stream; readonly text: string }[] = [];
  const written = (stream?: Stream) =>
    writes.filter((write) => stream === undefined || write.stream === stream).map((write) =>
      write.text
    );
  return {
    args: options.args ?? [],
    cwd: options.cwd,
    env: options.env ?? {},
    color: false,
    quiet: options.quiet ?? false,
    verbose: false,
    ...(options.stderrIsTty ? { stderrIsTty: true } : {}),
    stdout: (text) => void writes.push({ stream: "stdout", text }),
    stderr: (text) => void writes.push({ stream: "stderr", text }),
    written,
    text: (stream) => written(stream).join(""),
  };
}
