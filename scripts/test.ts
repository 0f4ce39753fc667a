/**
 * THE test command (README, second command; `.ci/run` calls it):
 *
 *   node_modules/.bin/bun scripts/test.ts [test file filters...]
 *
 * 1. installs the pinned test tools (scripts/install-test-tools.ts; idempotent);
 * 2. builds the binary (dist/dazzle) once, for the binary tests;
 * 3. then runs, a few at a time (DAZZLE_TEST_JOBS, default 3), the type-check (tsc) and the
 *    linter (eslint) over one program (scripts/check-types-and-lint.ts), the formatter's check
 *    (dprint), the grammar check and one `bun test` per test file, each with its own log and
 *    JUnit report under .test-results/ (merged into .test-results/junit.xml);
 * and ends with exactly one line `N passed, N failed[, N skipped]`, counting every test plus each
 * step above (a step is one check), after the list of skipped tests, whose names say why they
 * skip. Exit 0 only when nothing failed. Filters keep the test files whose path contains one.
 *
 * Test files run in separate processes, so they share no module state. Two files that must not
 * run at the same time (a fixed loopback address, a fixed folder) say so in a comment line
 * `test-schedule: exclusive <resource>`, or take the same machine lock; files naming the same
 * resource never overlap.
 *
 * Every child runs with the EC2 metadata service disabled and fake AWS credentials, so nothing
 * can reach real AWS: tests talk to local emulators on 127.0.0.1.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { durationsPath, readDurations, writeDurations } from "./test/durations.ts";
import { countJunit, type Counts, failedTests, mergeJunit, skippedTests } from "./test/junit.ts";
import { type Job, type JobResult, runPool } from "./test/pool.ts";
import { toolsDirectory } from "./tools.ts";

const projectRoot = join(import.meta.dir, "..");
const bun = process.execPath;
const resultsDirectory = join(projectRoot, ".test-results");
const binaryPath = join(projectRoot, "dist", "dazzle");

/** Safety net for the whole run (CI allows 90 min): generous, as the machine may be loaded. */
const suiteTimeoutMs = 30 * 60 * 1000;
/** Per test, unless the test sets its own: generous, as the machine has 2 shared cores. */
const testTimeoutMs = 30_000;
/** Failed jobs print at most this many lines of their log here; the rest is in the file. */
const failureLogLinesMax = 300;

const testEnv: Record<string, string> = {
  ...(process.env as Record<string, string>),
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_SESSION_TOKEN: "testing",
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: "us-east-1",
  DAZZLE_TEST_BINARY: binaryPath,
  // The release tests pack the binary just built into archives; the same build packs to the
  // same bytes, so a warm run reuses them (ship/compression-cache.ts).
  DAZZLE_RELEASE_CACHE: process.env.DAZZLE_RELEASE_CACHE ??
    join(toolsDirectory(), "release-compression-cache"),
  // `npm install` of a generated infra/ from the registry, as a user would (~20 s with a warm
  // npm cache); DAZZLE_TEST_NPM_INSTALL=0 skips it, e.g. offline.
  DAZZLE_TEST_NPM_INSTALL: process.env.DAZZLE_TEST_NPM_INSTALL ?? "1",
};
delete testEnv["AWS_PROFILE"];

function concurrency(): number {
  const value = Number(process.env.DAZZLE_TEST_JOBS ?? "3");
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`DAZZLE_TEST_JOBS must be a whole number ≥ 1, not ${value}`);
  }
  return value;
}

/** A step that must finish before the parallel part starts; its output goes to the terminal. */
async function runStep(name: string,
  command: string[]): Promise<{ ok: boolean; cpuSeconds: number }> {
  console.log(`\n== ${name}: ${command.join(" ")}`);
  const startedMs = performance.now();
  const child = Bun.spawn(command, {
    cwd: projectRoot,
    env: testEnv,
    stdout: "inherit",
    stderr: "inherit",
  });
  const exitCode = await child.exited;
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  const cpuSeconds = Number(child.resourceUsage()?.cpuTime.total ?? 0n) / 1e6;
  const outcome = exitCode === 0 ? "ok" : `FAILED (exit ${exitCode})`;
  console.log(`== ${name}: ${outcome} in ${seconds} s (${cpuSeconds.toFixed(1)} s CPU)`);
  return { ok: exitCode === 0, cpuSeconds };
}

interface CheckJob extends Job {
  readonly kind: "check";
}
interface TestJob extends Job {
  readonly kind: "test";
  readonly junitPath: string;
}

function checkJobs(durations: Readonly<Record<string, number>>): CheckJob[] {
  const checks: [string, string[]][] = [
    // tsc --noEmit and eslint (type-aware) over one program, built and checked once.
    ["type-check and lint", [bun, "scripts/check-types-and-lint.ts"]],
    // The formatter, over every TypeScript file (dprint.json).
    ["format", [join(projectRoot, "node_modules/.bin/dprint"), "check"]],
  ];
  if (existsSync(join(projectRoot, "scripts", "regenerate-grammar.ts"))) {
    checks.push(["grammar is up to date", [bun, "scripts/regenerate-grammar.ts", "--check"]]);
  }
  return checks.map(([name, command]) => ({
    kind: "check",
    name,
    command,
    exclusive: undefined,
    expectedSeconds: durations[name],
    logPath: join(resultsDirectory, "logs", `${name.replace(/\W+/g, "-")}.log`),
  }));
}

/**
 * The resource a test file must not share with another one running at the same time: named in a
 * `test-schedule: exclusive <resource>` comment, or the machine lock it takes itself
 * (tests/support's `withMachineLock("<resource>", ...)`), so that two files of this run never
 * wait on each other's lock while holding two of the few slots.
 */
function exclusiveResource(file: string): string | undefined {
  const text = readFileSync(join(projectRoot, file), "utf8");
  return /^\s*(?:\/\/|\*)\s*test-schedule: exclusive ([\w.:-]+)/m.exec(text)?.[1] ??
    /\b(?:with|acquire)MachineLock\(\s*"([\w.:-]+)"/.exec(text)?.[1];
}

function testJobs(filters: readonly string[], durations: Readonly<Record<string, number>>) {
  const files = [...new Bun.Glob("tests/**/*.test.ts").scanSync({ cwd: projectRoot })]
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .sort();
  return files.map((file): TestJob => {
    const stem = file.replace(/\.test\.ts$/, "").replace(/\W+/g, "-");
    const junitPath = join(resultsDirectory, "junit", `${stem}.xml`);
    return {
      kind: "test",
      name: file,
      junitPath,
      exclusive: exclusiveResource(file),
      expectedSeconds: durations[file],
      logPath: join(resultsDirectory, "logs", `${stem}.log`),
      command: [bun, "test", `./${file}`, `--timeout=${testTimeoutMs}`, "--reporter=junit",
        `--reporter-outfile=${junitPath}`],
    };
  });
}

interface Outcome {
  readonly counts: Counts;
  readonly report: string;
  readonly problem: string | undefined;
}

/** What a finished job adds to the totals; a job that broke outside any test is one failure. */
function outcome(job: CheckJob | TestJob, result: JobResult): Outcome {
  if (result.exitCode === null) {
    return { counts: { passed: 0, failed: 1, skipped: 0 }, report: "",
      problem: "did not finish before the suite's deadline" };
  }
  if (job.kind === "check") {
    const ok = result.exitCode === 0;
    return { counts: { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 }, report: "",
      problem: ok ? undefined : `exit ${result.exitCode}` };
  }
  const report = existsSync(job.junitPath) ? readFileSync(job.junitPath, "utf8") : "";
  if (report === "") {
    return { counts: { passed: 0, failed: 1, skipped: 0 }, report,
      problem: `no JUnit report from bun test (exit ${result.exitCode})` };
  }
  const counts = countJunit(report);
  if (result.exitCode !== 0 && counts.failed === 0) {
    return { counts: { ...counts, failed: 1 }, report,
      problem: `bun test exited with code ${result.exitCode} outside any test` };
  }
  return { counts, report, problem: counts.failed > 0 ? `${counts.failed} failed` : undefined };
}

function printFinished(result: JobResult, found: Outcome): void {
  const { passed, failed, skipped } = found.counts;
  const tally = `${passed} passed` + (failed > 0 ? `, ${failed} failed` : "") +
    (skipped > 0 ? `, ${skipped} skipped` : "");
  const status = found.problem === undefined ? "ok  " : "FAIL";
  const cpu = result.cpuSeconds === undefined ? "" : ` (${result.cpuSeconds.toFixed(1)} s CPU)`;
  console.log(`${status} ${result.seconds.toFixed(1).padStart(6)} s  ${result.job.name}  ` +
    `(${tally})${cpu}`);
  if (found.problem === undefined) return;
  const lines = existsSync(result.job.logPath)
    ? readFileSync(result.job.logPath, "utf8").trimEnd().split("\n") :
    [];
  const shown = lines.slice(-failureLogLinesMax);
  console.log(`---- ${result.job.name}: ${found.problem}; ` +
    `${shown.length < lines.length ? `last ${shown.length} lines of ` : ""}` +
    `${result.job.logPath}`);
  for (const line of shown) console.log(`  ${line}`);
  for (const name of failedTests(found.report)) console.log(`  failed: ${name}`);
  console.log(`---- end of ${result.job.name}`);
}

async function main(filters: readonly string[]): Promise<number> {
  const startedMs = performance.now();
  // A failed build must not leave an older binary for the binary tests to pass with.
  rmSync(binaryPath, { force: true });
  rmSync(resultsDirectory, { recursive: true, force: true });
  mkdirSync(join(resultsDirectory, "junit"), { recursive: true });
  const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
  const sequential: [string, string[]][] = [
    ["install test tools", [bun, "scripts/install-test-tools.ts"]],
    ["build dist/dazzle", [bun, "scripts/build.ts", "--outfile", binaryPath]],
  ];
  // CPU time of the steps and jobs, each with the descendants it waited for.
  let cpuSeconds = 0;
  for (const [name, command] of sequential) {
    const step = await runStep(name, command);
    cpuSeconds += step.cpuSeconds;
    if (step.ok) totals.passed++;
    else totals.failed++;
  }

  const historyPath = durationsPath(testEnv);
  const history = readDurations(historyPath);
  const jobs = [...checkJobs(history), ...testJobs(filters, history)];
  const width = concurrency();
  console.log(`\n== ${jobs.length} jobs, ${width} at a time; logs in ${resultsDirectory}/logs`);
  const reports: string[] = [];
  const skipped: string[] = [];
  const measured: Record<string, number> = {};
  const byName = new Map(jobs.map((job) => [job.name, job]));
  await runPool(jobs, {
    concurrency: width,
    cwd: projectRoot,
    env: testEnv,
    deadlineMs: Date.now() + suiteTimeoutMs,
    onFinished: (result) => {
      const job = byName.get(result.job.name)!;
      const found = outcome(job, result);
      printFinished(result, found);
      totals.passed += found.counts.passed;
      totals.failed += found.counts.failed;
      totals.skipped += found.counts.skipped;
      if (found.report !== "") reports.push(found.report);
      skipped.push(...skippedTests(found.report));
      if (result.exitCode !== null) measured[job.name] = Number(result.seconds.toFixed(1));
      cpuSeconds += result.cpuSeconds ?? 0;
    },
  });
  writeFileSync(join(resultsDirectory, "junit.xml"), mergeJunit(reports));
  writeDurations(historyPath, history, measured);

  const minutes = (performance.now() - startedMs) / 60_000;
  console.log(`\n== finished in ${minutes.toFixed(1)} min, ` +
    `${(cpuSeconds / 60).toFixed(1)} CPU-min in the steps and jobs`);
  if (skipped.length > 0) {
    console.log(`skipped (${skipped.length}); each says why:`);
    for (const name of skipped.sort()) console.log(`  ${name}`);
  }
  console.log(`${totals.passed} passed, ${totals.failed} failed` +
    (totals.skipped > 0 ? `, ${totals.skipped} skipped` : ""));
  return totals.failed === 0 ? 0 : 1;
}

if (import.meta.main) process.exit(await main(process.argv.slice(2)));
