/**
 * Benchmarks of the plan and synth stages, in process:
 * - `deploy plan` on the embedded example, end to end through the CLI (config, DSL, plan,
 *   text rendering); target < 150 ms in the binary.
 * - the pure plan stage alone (AppSpec + config → requirements).
 * - `deploy synth` of every stack of the example (the stacks engineer compares it with
 *   `npx cdk synth` of the generated app).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../cli/main.ts";
import { planDeployment } from "../plan/index.ts";
import { exampleAppSpec, exampleConfig } from "../tests/plan/fixtures.ts";

/** The shape of `bench/types.ts` (foundation engineer); kept structural so either compiles. */
interface BenchRow {
  readonly name: string;
  readonly baseline?: string;
  readonly run: () => Promise<void> | void;
  readonly runs?: number;
}

const exampleDir = join(import.meta.dir, "..", "example");
const environment = { AWS_EC2_METADATA_DISABLED: "true", AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing", CDK_NO_PERF_BUILTINS: "1" };

async function runQuietly(argv: readonly string[]): Promise<void> {
  let errors = "";
  const exitCode = await runCli(argv, { cwd: exampleDir, env: environment, stdout: () => {},
    stderr: (text) => void (errors += text), stdoutIsTty: false });
  if (exitCode !== 0) throw new Error(`dazzle ${argv.join(" ")} exited ${exitCode}: ${errors}`);
}

export const rows: BenchRow[] = [
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
    baseline: "npx cdk synth of the generated infra/ app (added by the stacks engineer)",
    run: () => runQuietly(["deploy", "synth", "-p", exampleDir, "--out",
      mkdtempSync(join(tmpdir(), "dazzle-bench-synth-"))]),
    runs: 3,
  },
];
