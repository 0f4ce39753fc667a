/**
 * Benchmarks of the plan and synth stages, in process:
 * - `deploy plan` on the embedded example, end to end through the CLI (config, DSL, plan,
 *   text rendering); target < 150 ms in the binary.
 * - the pure plan stage alone (AppSpec + config → requirements).
 * - `deploy synth` of every stack of the example, in process (bench/generate.ts compares the
 *   binary's synth with `npx cdk synth` of the generated app).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../cli/main.ts";
import { planDeployment } from "../plan/index.ts";
import { exampleAppSpec, exampleConfig } from "../testing/plan-fixtures.ts";
import type { BenchEntry } from "./types.ts";

const exampleDir = join(import.meta.dir, "..", "example");
const environment = { AWS_EC2_METADATA_DISABLED: "true", AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing", CDK_NO_PERF_BUILTINS: "1" };

async function runQuietly(argv: readonly string[]): Promise<void> {
  let errors = "";
  const exitCode = await runCli(argv, { cwd: exampleDir, env: environment, stdout: () => {},
    stderr: (text) => void (errors += text), stdoutIsTty: false });
  if (exitCode !== 0) throw new Error(`dazzle ${argv.join(" ")} exited ${exitCode}: ${errors}`);
}

export const rows: readonly BenchEntry[] = [
  {
    name: "deploy plan (example, in-process CLI)",
    run: () => runQuietly(["deploy", "plan", "-p", exampleDir]),
    runs: 20,
  },
  {
    name: "plan stage only (example AppSpec → AWSRequirements)",
    run: () => {
      planDeployment(exampleAppSpec, exampleConfig(), { projectName: "example",
        dazzleVersion: "0.0.0" });
    },
    runs: 200,
  },
  {
    name: "deploy synth (example, all stacks, in-process)",
    run: () =>
      runQuietly(["deploy", "synth", "-p", exampleDir, "--out",
        mkdtempSync(join(tmpdir(), "dazzle-bench-synth-"))]),
    runs: 3,
  },
];
