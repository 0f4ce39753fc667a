/**
 * Cross-process locks for tests that share something machine-wide: fixed loopback addresses
 * and ports (the rehearsal maps the template's IPs into 127.x.y.z with the template's port), or
 * many GiB of memory (a real TigerBeetle cluster). Two checkouts running the suite at once then
 * take turns instead of colliding. The lock is `flock` on a file in the system's temp folder,
 * held by a child process that exits when its stdin closes: a test process that dies releases
 * it with it, and no stale lock is ever left to clean up.
 */
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { sharedTmpdirVariable } from "../scripts/test/pool.ts";

/** What a lock guards; one lock file per kind, shared by every checkout on the machine. */
export type MachineResource = "loopback-fixed-addresses" | "tigerbeetle-memory";

export interface MachineLock {
  release(): Promise<void>;
}

/** Wait (bounded) until this process holds the lock. */
export async function acquireMachineLock(resource: MachineResource,
  timeoutMs: number): Promise<MachineLock> {
  // Under the test command a job's TMPDIR is its own; the lock must be the machine's.
  const path = join(process.env[sharedTmpdirVariable] ?? tmpdir(), `dazzle-tests-${resource}.lock`);
  const holder = spawn("flock", ["--exclusive", "--timeout", String(Math.ceil(timeoutMs / 1000)),
    path, "sh", "-c", "echo locked; exec cat >/dev/null"], { stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => holder.once("close", resolve));
  const locked = new Promise<boolean>((resolve) => {
    createInterface({ input: holder.stdout! }).on("line", (line) => {
      if (line === "locked") resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  if (!(await locked)) {
    throw new Error(`could not take the machine lock ${path} within ${timeoutMs} ms ` +
      "(another checkout's tests hold it)");
  }
  return {
    async release() {
      holder.stdin!.end();
      await exited;
    },
  };
}

/** Run `body` holding the lock. */
export async function withMachineLock<T>(resource: MachineResource, timeoutMs: number,
  body: () => Promise<T>): Promise<T> {
  const lock = await acquireMachineLock(resource, timeoutMs);
  try {
    return await body();
  } finally {
    await lock.release();
  }
}
