/**
 * The test command's parts (scripts/test/): its closing line comes from the JUnit reports bun
 * writes, skipped tests are listed by name, and the pool runs jobs longest first without ever
 * overlapping two that claim the same exclusive resource.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countJunit, failedTests, mergeJunit, skippedTests } from "../../scripts/test/junit.ts";
import { type Job, runPool, sharedTmpdirVariable } from "../../scripts/test/pool.ts";

const report = (tests: number, failures: number, skipped: number, body = "") =>
  `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="bun test" tests="${tests}" assertions="1" failures="${failures}" ` +
  `skipped="${skipped}" time="0.5">
${body}
</testsuites>`;

describe("JUnit reports", () => {
  test("passed = tests - failures - skipped, read from the root <testsuites> element", () => {
    expect(countJunit(report(48, 2, 3, `<testsuite name="a.test.ts" tests="9" failures="1">
  </testsuite>`))).toEqual({ passed: 43, failed: 2, skipped: 3 });
  });

  test("no report (bun crashed before writing it) counts nothing", () => {
    expect(countJunit("")).toEqual({ passed: 0, failed: 0, skipped: 0 });
  });

  test("skipped and failed tests are named with their file and suite", () => {
    const body = `<testsuite name="tests/a.test.ts" file="tests/a.test.ts">
  <testcase name="corpus: ../shared is absent, so it skips" classname="corpus" time="0"
    file="tests/a.test.ts" line="3">
    <skipped />
  </testcase>
  <testcase name="adds &quot;1&quot;" classname="" time="0" file="tests/a.test.ts" line="9">
    <failure type="AssertionError" message="no">no</failure>
  </testcase>
  <testcase name="passes" classname="x" time="0" file="tests/a.test.ts" line="12" />
</testsuite>`;
    expect(skippedTests(report(3, 1, 1, body)))
      .toEqual(["tests/a.test.ts: corpus > corpus: ../shared is absent, so it skips"]);
    expect(failedTests(report(3, 1, 1, body))).toEqual(["tests/a.test.ts: adds \"1\""]);
  });

  test("merging sums the totals and keeps every suite", () => {
    const merged = mergeJunit([
      report(2, 1, 0, `<testsuite name="one" />`),
      "",
      report(3, 0, 1, `<testsuite name="two" />`),
    ]);
    expect(countJunit(merged)).toEqual({ passed: 3, failed: 1, skipped: 1 });
    expect(merged).toContain(`<testsuite name="one" />`);
    expect(merged).toContain(`<testsuite name="two" />`);
  });
});

describe("the job pool", () => {
  const folder = mkdtempSync(join(tmpdir(), "dazzle-pool-"));
  const job = (name: string, script: string, extra: Partial<Job> = {}): Job => ({
    name,
    command: ["sh", "-c", script],
    logPath: join(folder, `${name}.log`),
    expectedSeconds: 1,
    exclusive: undefined,
    ...extra,
  });

  test("longest expected first, never measured before everything", async () => {
    const results = await runPool([
      job("short", "true", { expectedSeconds: 1 }),
      job("new", "true", { expectedSeconds: undefined }),
      job("long", "true", { expectedSeconds: 90 }),
    ], { concurrency: 1, cwd: folder, env: { PATH: process.env.PATH ?? "" },
      deadlineMs: Date.now() + 60_000, onFinished: () => {} });
    expect(results.map((result) => result.job.name)).toEqual(["new", "long", "short"]);
  });

  test("jobs claiming the same resource never overlap; the others run beside them", async () => {
    const marker = (name: string) => join(folder, name);
    // The first job waits (bounded) for any other job of its resource to show up beside it.
    const waitFor = (name: string) =>
      `for i in $(seq 1 40); do ` +
      `[ -e ${marker(name)} ] && echo saw > ${marker("overlap")} && break; sleep 0.05; done`;
    const results = await runPool([
      job("first", `touch ${marker("first")}; ${waitFor("second")}`, { exclusive: "loopback",
        expectedSeconds: 9 }),
      job("second", `touch ${marker("second")}`, { exclusive: "loopback", expectedSeconds: 5 }),
      job("free", "echo out; echo err >&2; exit 3", { expectedSeconds: 1 }),
    ], { concurrency: 3, cwd: folder, env: { PATH: process.env.PATH ?? "" },
      deadlineMs: Date.now() + 60_000, onFinished: () => {} });
    expect(existsSync(marker("overlap"))).toBe(false);
    expect(Object.fromEntries(results.map((r) => [r.job.name, r.exitCode])))
      .toEqual({ first: 0, second: 0, free: 3 });
    // The free job ran while the first one waited; its output went to its own log.
    expect(results.map((r) => r.job.name).indexOf("free")).toBeLessThan(
      results.map((r) => r.job.name).indexOf("second"),
    );
    expect(readFileSync(join(folder, "free.log"), "utf8")).toBe("out\nerr\n");
  });

  test("each job has a TMPDIR of its own, removed when it ends; the shared one named", async () => {
    const shared = mkdtempSync(join(tmpdir(), "dazzle-pool-shared-"));
    const seen = join(folder, "seen");
    const results = await runPool([
      job("leaves-files", `echo "$TMPDIR $${sharedTmpdirVariable}" > ${seen}; ` +
        `mkdir "$TMPDIR/cdk.out" && echo x > "$TMPDIR/cdk.out/t.json"`),
    ], { concurrency: 1, cwd: folder,
      env: { PATH: process.env.PATH ?? "", [sharedTmpdirVariable]: shared },
      deadlineMs: Date.now() + 60_000, onFinished: () => {} });
    expect(results.map((r) => r.exitCode)).toEqual([0]);
    const [jobTmp, named] = readFileSync(seen, "utf8").trim().split(" ");
    expect(named).toBe(shared);
    expect(jobTmp).toStartWith(join(shared, "dazzle-test-job-"));
    expect(existsSync(jobTmp!)).toBe(false);
    expect(readdirSync(shared)).toEqual([]);
  });

  test("a job still running at the deadline is killed and reported as unfinished", async () => {
    const results = await runPool([job("stuck", "sleep 30")], {
      concurrency: 1,
      cwd: folder,
      env: { PATH: process.env.PATH ?? "" },
      deadlineMs: Date.now() + 200,
      onFinished: () => {},
    });
    expect(results.map((r) => [r.job.name, r.exitCode])).toEqual([["stuck", null]]);
  });
});
