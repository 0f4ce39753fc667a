/**
 * THE test command (README, second command; `.ci/run` calls it):
 *
 *   node_modules/.bin/bun scripts/test.ts [bun test filters...]
 *
 * 1. installs the pinned test tools (scripts/install-test-tools.ts; idempotent);
 * 2. type-checks (tsc, strict);
 * 3. builds the binary (dist/dazzle) once, for the binary tests;
 * 4. checks the generated grammar is up to date, when the grammar script exists;
 * 5. runs `bun test` over tests/ with a JUnit report in .test-results/junit.xml;
 * and ends with exactly one line `N passed, N failed[, N skipped]`, counting every test plus each
 * step above (a step is one check). Exit 0 only when nothing failed.
 *
 * Every child runs with the EC2 metadata service disabled and fake AWS credentials, so nothing
 * can reach real AWS: tests talk to local emulators on 127.0.0.1.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const projectRoot = join(import.meta.dir, "..");
const bun = process.execPath;
const junitPath = join(projectRoot, ".test-results", "junit.xml");
const binaryPath = join(projectRoot, "dist", "dazzle");

/** Safety net for the whole suite; CI's budget is 15 minutes. */
const suiteTimeoutMs = 14 * 60 * 1000;

const testEnv: Record<string, string> = {
  ...(process.env as Record<string, string>),
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_SESSION_TOKEN: "testing",
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: "us-east-1",
  DAZZLE_TEST_BINARY: binaryPath,
  // `npm install` of a generated infra/ from the registry, as a user would (~20 s with a warm
  // npm cache); DAZZLE_TEST_NPM_INSTALL=0 skips it, e.g. offline.
  DAZZLE_TEST_NPM_INSTALL: process.env.DAZZLE_TEST_NPM_INSTALL ?? "1",
};
delete testEnv["AWS_PROFILE"];

interface Step {
  readonly name: string;
  readonly command: string[];
  readonly when?: () => boolean;
}

const steps: readonly Step[] = [
  { name: "install test tools", command: [bun, "scripts/install-test-tools.ts"] },
  { name: "type-check", command: [join(projectRoot, "node_modules/.bin/tsc"), "--noEmit", "-p",
    "tsconfig.json"] },
  { name: "build dist/dazzle", command: [bun, "scripts/build.ts", "--outfile", binaryPath] },
  {
    name: "grammar is up to date",
    command: [bun, "scripts/regenerate-grammar.ts", "--check"],
    when: () => existsSync(join(projectRoot, "scripts", "regenerate-grammar.ts")),
  },
];

async function runStep(step: Step): Promise<boolean> {
  console.log(`\n== ${step.name}: ${step.command.join(" ")}`);
  const startedMs = performance.now();
  const child = Bun.spawn(step.command, {
    cwd: projectRoot, env: testEnv, stdout: "inherit", stderr: "inherit",
  });
  const exitCode = await child.exited;
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  console.log(`== ${step.name}: ${exitCode === 0 ? "ok" : `FAILED (exit ${exitCode})`} ` +
    `in ${seconds} s`);
  return exitCode === 0;
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Totals from the JUnit report's root element (bun writes tests/failures/skipped there). */
export function countJunit(xml: string): Counts {
  const root = /<testsuites\b[^>]*>/.exec(xml)?.[0] ?? "";
  const attribute = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(root)?.[1]
    ?? "0");
  const tests = attribute("tests");
  const failed = attribute("failures") + attribute("errors");
  const skipped = attribute("skipped");
  return { passed: tests - failed - skipped, failed, skipped };
}

async function runTests(filters: readonly string[]): Promise<{ counts: Counts; exitCode: number }> {
  mkdirSync(join(projectRoot, ".test-results"), { recursive: true });
  const command = [bun, "test", ...(filters.length > 0 ? filters : ["tests/"]),
    "--reporter=junit", `--reporter-outfile=${junitPath}`];
  console.log(`\n== tests: ${command.join(" ")}`);
  const child = Bun.spawn(command, {
    cwd: projectRoot, env: testEnv, stdout: "inherit", stderr: "inherit",
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), suiteTimeoutMs);
  const exitCode = await child.exited;
  clearTimeout(timer);
  const xml = existsSync(junitPath) ? readFileSync(junitPath, "utf8") : "";
  return { counts: countJunit(xml), exitCode };
}

if (import.meta.main) {
  // A failed build must not leave an older binary for the binary tests to pass with.
  rmSync(binaryPath, { force: true });
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const step of steps) {
    if (step.when && !step.when()) {
      counts.skipped++;
      continue;
    }
    if (await runStep(step)) counts.passed++;
    else counts.failed++;
  }
  const tests = await runTests(process.argv.slice(2));
  counts.passed += tests.counts.passed;
  counts.failed += tests.counts.failed;
  counts.skipped += tests.counts.skipped;
  if (tests.exitCode !== 0 && tests.counts.failed === 0) {
    // bun failed outside any test (a file that does not load, an unhandled error): one check.
    console.log(`bun test exited with code ${tests.exitCode} outside any test`);
    counts.failed++;
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed` +
    (counts.skipped > 0 ? `, ${counts.skipped} skipped` : ""));
  process.exit(counts.failed === 0 ? 0 : 1);
}
