/**
 * Which stacks exist is decided once (ir/stacks.ts): the CDK app builds exactly those, under
 * those names and in that order, and the plan summary lists the same ones.
 */
import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppSpec } from "../../ir/appspec.ts";
import type { AWSRequirements } from "../../ir/aws-requirements.ts";
import { isStackPlanned, type StackId, stackIds, stackName } from "../../ir/stacks.ts";
import { planDeployment } from "../../plan/index.ts";
import { stackSummaries } from "../../plan/stack-summaries.ts";
import { buildStacks } from "../../stacks/app.ts";
import { createApp } from "../../synth/index.ts";
import { channel, configFor, emptyAppSpec, entity, exampleAppSpec, field, ledger,
  schedule } from "../../testing/plan-fixtures.ts";

const apps: [string, AppSpec, StackId[]][] = [
  ["nothing to store or queue", emptyAppSpec, ["Network", "Compute", "Observability"]],
  ["the example", exampleAppSpec, ["Network", "TigerBeetle", "Data", "Messaging", "Compute",
    "Observability"]],
  ["a ledger only", { ...emptyAppSpec, ledgers: [ledger("Cash", 1, "EUR")] }, ["Network",
    "TigerBeetle", "Compute", "Observability"]],
  ["an entity with a file", { ...emptyAppSpec,
    entities: [entity("Invoice", [field("scan", { kind: "file", base: "file" })])] }, ["Network",
    "Data", "Compute", "Observability"]],
  ["a queue", { ...emptyAppSpec, channels: [channel("jobs", "queue")] }, ["Network", "Messaging",
    "Compute", "Observability"]],
  ["a schedule", { ...emptyAppSpec, schedules: [schedule("nightly", "0 2 * * *")] }, ["Network",
    "Messaging", "Compute", "Observability"]],
];

const plannedStackIds = (aws: AWSRequirements) => stackIds.filter((id) => isStackPlanned(aws, id));

for (const [what, appSpec, expected] of apps) {
  test(`${what}: ${expected.join(", ")}`, () => {
    const { aws } = planDeployment(appSpec, configFor("staging"), { projectName: "project",
      dazzleVersion: "0.1.0" });
    expect(plannedStackIds(aws)).toEqual(expected);
    const built = Object.values(buildStacks(createApp({
      outDir: mkdtempSync(join(tmpdir(), "dazzle-planned-")),
    }), aws));
    expect(built.map((stack) => [stack.node.id, stack.stackName]))
      .toEqual(plannedStackIds(aws).map((id) => [id, stackName(aws, id)]));
    expect(stackSummaries(aws).map((summary) => [summary.id, summary.stackName]))
      .toEqual(plannedStackIds(aws).map((id) => [id, stackName(aws, id)]));
  });
}
