/**
 * Runs independent jobs (one `bun test` per test file, the type-check, the linter) a few at a
 * time, longest expected first, so the slowest ones do not start last. Each job's output goes to
 * its own log file, so parallel jobs never interleave their output.
 *
 * Two jobs that name the same exclusive resource (a fixed loopback address, a shared folder)
 * never run at once. A job that waits on a cross-process lock only holds its slot: the others
 * go on, and the suite's deadline bounds the wait.
 *
 * Each job gets a temp folder of its own as TMPDIR, removed when the job ends: what its tests
 * leave in the temp folder (synthesized assemblies, killed processes' files) never piles up in
 * /tmp run after run. What must be shared machine-wide (cross-process locks) uses the folder
 * named by `sharedTmpdirVariable` instead.
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** The environment variable naming the machine's temp folder, beside a job's own TMPDIR. */
export const sharedTmpdirVariable = "DAZZLE_TEST_SHARED_TMPDIR";

export interface Job {
  readonly name: string;
  readonly command: readonly string[];
  readonly logPath: string;
  /** Seconds it took last time; a job never measured counts as the longest. */
  readonly expectedSeconds: number | undefined;
  readonly exclusive: string | undefined;
}

export interface JobResult {
  readonly job: Job;
  /** null when the job was still running (and was killed) at the deadline, or never started. */
  readonly exitCode: number | null;
  readonly seconds: number;
  /**
   * CPU seconds (user + system) of the job and the descendants it waited for; undefined when it
   * did not finish. On a 2-core machine this, not wall time, is what the suite has to save.
   */
  readonly cpuSeconds?: number;
}

export interface PoolOptions {
  readonly concurrency: number;
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly deadlineMs: number;
  readonly onFinished: (result: JobResult) => void;
}

/** Longest expected first; jobs never measured go before all others. */
function orderJobs(jobs: readonly Job[]): Job[] {
  const weight = (job: Job) => job.expectedSeconds ?? Number.POSITIVE_INFINITY;
  return [...jobs].sort((a, b) => weight(b) - weight(a) || a.name.localeCompare(b.name));
}

interface Running {
  readonly job: Job;
  readonly process: Bun.Subprocess;
  readonly startedMs: number;
  readonly finished: Promise<Running>;
  /** The job's own TMPDIR. */
  readonly tmp: string;
}

function start(job: Job, options: PoolOptions): Running {
  mkdirSync(dirname(job.logPath), { recursive: true });
  const shared = options.env[sharedTmpdirVariable] ?? tmpdir();
  const tmp = mkdtempSync(join(shared, "dazzle-test-job-"));
  const log = openSync(job.logPath, "w");
  const process = Bun.spawn([...job.command], {
    cwd: options.cwd,
    env: { ...options.env, TMPDIR: tmp, [sharedTmpdirVariable]: shared },
    stdin: "ignore",
    stdout: log,
    stderr: log,
  });
  closeSync(log);
  const running: Running = {
    job,
    process,
    startedMs: performance.now(),
    finished: process.exited.then(() => running),
    tmp,
  };
  return running;
}

/** How long a job's temp folder may take to disappear: a detached `rm` may still be emptying it. */
const removalAttempts = 120;
const removalPauseMs = 500;

/**
 * rm, then check: a recursive rm that races with another process deleting in the same folder
 * (testing/processes.ts removes TigerBeetle data files in the background) can leave it behind.
 */
async function removeFolder(path: string): Promise<void> {
  for (let attempt = 1; attempt <= removalAttempts; attempt++) {
    await rm(path, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    if (!existsSync(path)) return;
    await Bun.sleep(removalPauseMs);
  }
  throw new Error(`still there after ${removalAttempts} attempts`);
}

export async function runPool(jobs: readonly Job[], options: PoolOptions): Promise<JobResult[]> {
  if (options.concurrency < 1) throw new Error(`concurrency must be ≥ 1: ${options.concurrency}`);
  const queue = orderJobs(jobs);
  const running = new Set<Running>();
  const results: JobResult[] = [];
  const finish = (result: JobResult) => {
    results.push(result);
    options.onFinished(result);
  };
  const deadline = Bun.sleep(Math.max(0, options.deadlineMs - Date.now())).then(() => null);
  // Removed while the other jobs run (gigabytes of data files take a while); awaited at the end.
  const removals: Promise<void>[] = [];
  const removeTmp = (entry: Running) =>
    removals.push(
      removeFolder(entry.tmp).catch((error: unknown) => {
        console.warn(`warning: could not remove ${entry.job.name}'s temp folder ${entry.tmp}: ` +
          String(error));
      }),
    );

  while (queue.length > 0 || running.size > 0) {
    while (running.size < options.concurrency) {
      const busy = new Set([...running].map((entry) => entry.job.exclusive));
      const index = queue.findIndex((job) =>
        job.exclusive === undefined || !busy.has(job.exclusive)
      );
      if (index === -1) break;
      const [job] = queue.splice(index, 1);
      if (job) running.add(start(job, options));
    }
    const done = await Promise.race([...[...running].map((entry) => entry.finished), deadline]);
    if (done === null) break;
    running.delete(done);
    removeTmp(done);
    const cpuMicroseconds = done.process.resourceUsage()?.cpuTime.total;
    finish({ job: done.job, exitCode: done.process.exitCode,
      seconds: (performance.now() - done.startedMs) / 1000,
      ...(cpuMicroseconds === undefined ? {} : { cpuSeconds: Number(cpuMicroseconds) / 1e6 }) });
  }

  for (const entry of running) {
    entry.process.kill("SIGKILL");
    await entry.process.exited;
    removeTmp(entry);
    finish({ job: entry.job, exitCode: null,
      seconds: (performance.now() - entry.startedMs) / 1000 });
  }
  for (const job of queue) finish({ job, exitCode: null, seconds: 0 });
  await Promise.all(removals);
  return results;
}
