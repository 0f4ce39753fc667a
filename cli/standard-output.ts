/**
 * Standard output that notices when it cannot be written. Node-style stream writes in Bun
 * drop errors such as ENOSPC silently, so `dazzle deploy plan --json > file` on a full disk
 * used to exit 0 with the output lost. Writes here are synchronous and checked; the first
 * failure is kept (later output is skipped) for main.ts to report once.
 */
import { writeSync } from "node:fs";

/** Bound on waiting for a non-blocking descriptor that keeps refusing (EAGAIN), in 1 ms steps. */
const busyRetriesMax = 60_000;

export interface StandardOutput {
  readonly write: (text: string) => void;
  /** The first write error, if any. */
  readonly failure: () => NodeJS.ErrnoException | undefined;
}

export function standardOutput(fd: number): StandardOutput {
  let failure: NodeJS.ErrnoException | undefined;
  return {
    write: (text) => {
      if (failure) return;
      try {
        writeAll(fd, Buffer.from(text));
      } catch (error) {
        failure = error as NodeJS.ErrnoException;
      }
    },
    failure: () => failure,
  };
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  let busyRetries = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN" || busyRetries >= busyRetriesMax) {
        throw error;
      }
      busyRetries += 1;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

/**
 * What to do about a failed write: nothing when the reader went away (`dazzle … | head`:
 * EPIPE, as for any Unix tool), otherwise an error line for stderr and exit code 1.
 */
export function outputFailureReport(
  failure: NodeJS.ErrnoException | undefined,
): { readonly message: string; readonly exitCode: 1 } | undefined {
  if (!failure || failure.code === "EPIPE") return undefined;
  return { message: `error: could not write the output: ${failure.message}\n`, exitCode: 1 };
}
