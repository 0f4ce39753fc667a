/**
 * One `deploy generate` at a time per infra folder: two concurrent runs would interleave their
 * files and could leave templates of one and a record of the other. The lock is a file created
 * atomically (`createExclusive`) naming its holder; a lock whose holder died on this machine
 * (kill -9) is taken over, one held by a live process is a clear error.
 */
import { hostname } from "node:os";
import { join } from "node:path";
import type { InfraFileSystem } from "./infra-file-system.ts";

export const lockFile = ".dazzle/generate.lock";

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly started_at: string;
}

export interface LockEnvironment {
  readonly pid: number;
  readonly host: string;
  readonly now: () => Date;
  /** Whether a process of this machine is still running. */
  readonly isAlive: (pid: number) => boolean;
}

export class GenerateLockedError extends Error {
  override readonly name = "GenerateLockedError";
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

/** Takes the lock or throws GenerateLockedError; returns the function that releases it. */
export function acquireGenerateLock(infraDir: string, fs: InfraFileSystem,
  environment: LockEnvironment): () => void {
  const path = join(infraDir, lockFile);
  fs.makeDirectory(join(infraDir, ".dazzle"));
  const mine: LockHolder = { pid: environment.pid, host: environment.host,
    started_at: environment.now().toISOString() };
  const text = `${JSON.stringify(mine)}\n`;
  // Two attempts: the second after removing a lock whose holder is dead.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (fs.createExclusive(path, text)) {
      return () => {
        if (fs.readText(path) === text) fs.remove(path);
      };
    }
    const holder = readHolder(fs, path);
    if (holder !== undefined && holder.host === environment.host &&
      holder.pid !== environment.pid && !environment.isAlive(holder.pid)) {
      fs.remove(path);
      continue;
    }
    throw lockedError(path, holder);
  }
  throw lockedError(path, readHolder(fs, path));
}

function readHolder(fs: InfraFileSystem, path: string): LockHolder | undefined {
  try {
    const value = JSON.parse(fs.readText(path) ?? "") as Partial<LockHolder>;
    return typeof value.pid === "number" && typeof value.host === "string" &&
        typeof value.started_at === "string" ?
      value as LockHolder :
      undefined;
  } catch {
    return undefined;
  }
}

function lockedError(path: string, holder: LockHolder | undefined): GenerateLockedError {
  const who = holder === undefined ?
    "another process"
    : `process ${holder.pid} on ${holder.host}, since ${holder.started_at}`;
  return new GenerateLockedError(
    `another \`dazzle deploy generate\` is writing this infra folder (${who})`,
    `wait for it to finish; if no generate is running, remove ${path}`,
  );
}

/** process.kill(pid, 0): ESRCH means gone; EPERM means alive but another user's. */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** This process, as the lock sees it. */
export function localLockEnvironment(): LockEnvironment {
  return { pid: process.pid, host: hostname(), now: () => new Date(), isAlive: processIsAlive };
}
