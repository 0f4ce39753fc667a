/**
 * `deploy diff` in the compiled binary on a record of 10,000 resources (issue 13: the
 * whole-template diff took 116 s; target < 2 s), against the same command on the example's
 * own record (no changes) as the baseline. The large record is a real `writeInfraVersion`
 * record (checksums verify) whose Messaging stack lists 10,000 queues, so the diff reads,
 * verifies and compares all of them: 10,000 resources removed, the rest unchanged.
 */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deploy, exampleToml } from "../testing/preflight-pipeline.ts";
import { writeInfraVersion } from "../versioning/index.ts";
import { benchmarkBinary, benchmarkEnvironment,
  ensureBenchmarkBinary } from "./support/benchmark-binary.ts";
import type { BenchEntry, RunSample } from "./types.ts";

const resourceCount = 10_000;

ensureBenchmarkBinary();

const example = await deploy(exampleToml);
const meta = { dazzleVersion: "0.1.0", environment: example.aws.environment,
  generatedAt: "2026-11-01T00:00:00.000Z",
  deployment: { app: example.aws.app, environment: example.aws.environment,
    region: example.aws.region } };

function projectWithRecord(stacks: { id: string; template: unknown }[]): string {
  const project = join(mkdtempSync(join(tmpdir(), "dazzle-bench-diff-")), "wallet");
  cpSync(join(import.meta.dir, "..", "example"), project, { recursive: true });
  writeInfraVersion(join(project, "infra"), { stacks }, meta);
  return project;
}

const same = projectWithRecord(example.stacks);
const queues: Record<string, unknown> = {};
for (let index = 0; index < resourceCount; index++) {
  queues[`Queue${index}`] = { Type: "AWS::SQS::Queue", Properties: {
    QueueName: `wallet-staging-q${index}`,
    SqsManagedSseEnabled: true,
  } };
}
const large = projectWithRecord(example.stacks.map((stack) =>
  stack.id !== "Messaging" ?
    stack
    : { id: stack.id, template: { ...stack.template, Resources: {
      ...(stack.template.Resources ?? {}),
      ...queues,
    } } }
));

/** The diff must end as expected (0 no changes, 1 changes); anything else is not timed. */
function diff(project: string, exitCode: number): RunSample {
  const result = Bun.spawnSync([benchmarkBinary, "deploy", "diff", "-p", project, "--against",
    "record"], { env: benchmarkEnvironment, stdout: "ignore", stderr: "pipe" });
  if (result.exitCode !== exitCode) {
    throw new Error(`deploy diff exited ${result.exitCode}, not ${exitCode}: ${result.stderr}`);
  }
  return { cpuMs: Number(result.resourceUsage.cpuTime.total) / 1000 };
}

export const rows: readonly BenchEntry[] = [
  { name: "dazzle deploy diff, example record (binary)", runs: 5, run: () => diff(same, 0) },
  { name: "dazzle deploy diff, record of 10,000 resources (binary)", runs: 5,
    baseline: "dazzle deploy diff, example record (binary)", targetMsMax: 2000,
    run: () => diff(large, 1) },
];
