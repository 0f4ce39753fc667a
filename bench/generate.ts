/**
 * `deploy synth` (the dazzle binary, aws-cdk-lib embedded, in process) against `npx cdk synth`
 * of the `infra/` app `deploy generate` writes for the same example (the real CDK CLI + ts-node
 * + node), in the same run: wall time (issue 4 target: synth ≥ 5× faster) and peak memory of
 * each process tree. Uses dist/dazzle or $DAZZLE_BENCH_BINARY; without a binary, `bun main.ts`.
 */
import { existsSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateInfra } from "../generate/index.ts";
import { localLockEnvironment } from "../generate/lock.ts";
import { nodeFileSystem } from "../generate/node-file-system.ts";
import { planDeployment } from "../plan/index.ts";
import { exampleAppSpec, exampleConfig } from "../testing/plan-fixtures.ts";
import { benchmarkBinary, benchmarkEnvironment } from "./support/benchmark-binary.ts";
import type { BenchEntry } from "./types.ts";

const projectRoot = join(import.meta.dir, "..");
const exampleDir = join(projectRoot, "example");
const binary = benchmarkBinary;
const dazzle = existsSync(binary) ? [binary] : [process.execPath, join(projectRoot, "main.ts")];
const env = {
  ...benchmarkEnvironment,
  // `npx cdk` needs node and the project's CDK CLI.
  PATH: `${join(projectRoot, "node_modules", ".bin")}:/usr/local/bin:/usr/bin:/bin`,
  AWS_REGION: "eu-west-1",
  CDK_DISABLE_VERSION_CHECK: "1",
  CDK_DISABLE_CLI_TELEMETRY: "1",
};

/** The example's generated app, written once per bench run, using our node_modules. */
const infraDir = (() => {
  const folder = join(mkdtempSync(join(tmpdir(), "dazzle-bench-generate-")), "infra");
  const config = exampleConfig();
  const plan = planDeployment(exampleAppSpec, config, { projectName: "example",
    dazzleVersion: "0.1.0" });
  generateInfra(plan.aws, config, { infraDir: folder, dazzleVersion: "0.1.0", fs: nodeFileSystem,
    now: () => new Date(0), lock: localLockEnvironment() });
  symlinkSync(join(projectRoot, "node_modules"), join(folder, "node_modules"), "dir");
  return folder;
})();

const cdkSynth = [join(projectRoot, "node_modules", ".bin", "cdk"), "synth", "--quiet"];
const dazzleSynth = [...dazzle, "deploy", "synth", "-p", exampleDir];

/** Run to completion; the peak resident memory of the process tree (bytes). */
function spawnOk(command: readonly string[], cwd: string): number {
  const outDir = mkdtempSync(join(tmpdir(), "dazzle-bench-out-"));
  const result = Bun.spawnSync([...command, command === cdkSynth ? "--output" : "--out", outDir], {
    cwd,
    env,
    stdout: "ignore",
    stderr: "pipe",
  });
  if (result.exitCode !== 0) {
    throw new Error(`${command.join(" ")} exited ${result.exitCode}: ${result.stderr}`);
  }
  return result.resourceUsage?.maxRSS ?? Number.NaN;
}

export const rows: readonly BenchEntry[] = [
  { name: "npx cdk synth (generated infra/, example, 6 stacks)", runs: 3,
    run: () => void spawnOk(cdkSynth, infraDir) },
  { name: "dazzle deploy synth (example, 6 stacks)", runs: 5,
    baseline: "npx cdk synth (generated infra/, example, 6 stacks)",
    run: () => void spawnOk(dazzleSynth, exampleDir) },
  { name: "peak memory: npx cdk synth", unit: "bytes", measure: () => spawnOk(cdkSynth, infraDir) },
  { name: "peak memory: dazzle deploy synth", unit: "bytes", baseline: "peak memory: npx cdk synth",
    measure: () => spawnOk(dazzleSynth, exampleDir) },
];
