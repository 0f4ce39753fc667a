/**
 * Small helpers for tests that run real processes on loopback: free ports, bounded waits, and a
 * child process whose output lines are collected. Every wait has a timeout.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createServer } from "node:net";
import { tcpReachable as probeTcp } from "../platform/tcp.ts";
import { createInterface } from "node:readline";

/** A free TCP port on 127.0.0.1 (the kernel picks it). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Poll `check` every `intervalMs` until it returns a value, or throw after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number,
  check: () => Promise<T | undefined> | T | undefined, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let attempt = 0; attempt < 100_000; attempt++) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await sleepMs(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` +
    (lastError instanceof Error ? ` (last error: ${lastError.message})` : ""));
}

/** Probe with the agent's own TCP check (300 ms unless told). */
export function tcpReachable(host: string, port: number, timeoutMs = 300): Promise<boolean> {
  return probeTcp(host, port, timeoutMs);
}

/**
 * Remove a folder without waiting for it: it is renamed out of the way at once (so nothing
 * else sees it), and a detached `rm -rf` deletes it after the caller has moved on. Gigabytes
 * of TigerBeetle data files take longer to delete than a test hook may take.
 */
export function removeInBackground(path: string): void {
  if (!existsSync(path)) return;
  // Out of its parent (whose own cleanup would otherwise wait for it), if the file system
  // allows; else removed where it is.
  let trash = join(tmpdir(), `dazzle-removing-${basename(path)}-${process.pid}-${Date.now()}`);
  try {
    renameSync(path, trash);
  } catch {
    trash = path;
  }
  spawn("rm", ["-rf", trash], { detached: true, stdio: "ignore" }).unref();
}

export interface RunningProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Every output line so far (stdout and stderr), bounded. */
  readonly lines: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Signal the whole process group (the process and its children, like systemd). */
  killGroup(signal: NodeJS.Signals): void;
  signal(signal: NodeJS.Signals): void;
}

const linesMax = 20_000;

/** Start a process in its own process group, collecting output lines. */
export function startProcess(command: string, args: readonly string[], options: {
  readonly env: Record<string, string | undefined>;
  readonly echoPrefix?: string;
  readonly cwd?: string;
}): RunningProcess {
  const child = spawn(command, [...args], {
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    cwd: options.cwd,
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream!, crlfDelay: Infinity }).on("line", (line) => {
      if (lines.length < linesMax) lines.push(line);
      if (options.echoPrefix !== undefined && process.env.DAZZLE_TEST_ECHO === "1") {
        const seconds = (performance.now() / 1000).toFixed(2);
        process.stderr.write(`${seconds} ${options.echoPrefix}${line}\n`);
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once("close", (code) => resolve(code));
    child.once("error", () => resolve(127));
  });
  const pid = child.pid ?? -1;
  return {
    child,
    pid,
    lines,
    exited,
    waitForLine: (pattern, timeoutMs) =>
      waitFor(`a line matching ${pattern}`, timeoutMs, () =>
        lines.find((line) => pattern.test(line)), 50),
    killGroup(signal) {
      try {
        process.kill(-pid, signal);
      } catch {
        // Already gone.
      }
    },
    signal(signal) {
      try {
        process.kill(pid, signal);
      } catch {
        // Already gone.
      }
    },
  };
}
