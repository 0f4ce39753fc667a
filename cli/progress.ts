/**
 * Progress of slow steps (downloads, uploads, synthesis with validation, cfn-lint), drawn on
 * stderr only when it is a terminal and `--quiet` is off; anywhere else (CI logs, pipes, tests)
 * nothing at all. One line, rewritten in place, at most 10 times a second, erased when the
 * step ends, so what remains on screen is the command's own output.
 */
import { silentProgress, type ProgressSink,
  type ProgressTask } from "../ship/artifacts/progress.ts";
import type { CommandContext } from "./command.ts";

const redrawIntervalMs = 100;
const eraseLine = "\r\x1b[2K";

export function progressFor(
  context: CommandContext,
  /** Milliseconds, monotonic: only to space the redraws. */
  clock: () => number = () => performance.now(),
): ProgressSink {
  if (!context.stderrIsTty || context.quiet) return silentProgress;
  return { begin: (label, total) => terminalTask(context, label, total, clock) };
}

/**
 * A step that blocks the event loop (synthesis runs synchronously): its label is shown while it
 * runs and erased after, since nothing could redraw it meanwhile.
 */
export function withProgress<T>(context: CommandContext, label: string, work: () => T): T {
  const task = progressFor(context).begin(label);
  try {
    return work();
  } finally {
    task.end();
  }
}

/** The same for an asynchronous step (a child process): its label while it runs. */
export async function withProgressAsync<T>(context: CommandContext, label: string,
  work: () => Promise<T>): Promise<T> {
  const task = progressFor(context).begin(label);
  try {
    return await work();
  } finally {
    task.end();
  }
}

function terminalTask(context: CommandContext, label: string, total: number | undefined,
  clock: () => number): ProgressTask {
  let lastDraw = clock();
  let ended = false;
  const draw = (done?: number, size = total) => {
    const amount = done === undefined ?
      "…"
      : size ?
      `${mebibytes(done)}/${mebibytes(size)} MiB ${Math.floor(100 * done / size)}%`
      : `${mebibytes(done)} MiB`;
    context.stderr(`${eraseLine}${label}  ${amount}`);
  };
  draw();
  return {
    update(done, size) {
      const now = clock();
      if (ended || now - lastDraw < redrawIntervalMs) return;
      lastDraw = now;
      draw(done, size ?? total);
    },
    end() {
      if (ended) return;
      ended = true;
      context.stderr(eraseLine);
    },
  };
}

function mebibytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
