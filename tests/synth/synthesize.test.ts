import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planDeployment } from "../../plan/index.ts";
import { synthesize } from "../../synth/index.ts";
import { exampleAppSpec, exampleConfig } from "../../testing/plan-fixtures.ts";

process.env["AWS_EC2_METADATA_DISABLED"] = "true";

const plan = planDeployment(exampleAppSpec, exampleConfig(), { projectName: "example",
  dazzleVersion: "0.1.0" });
const first = synthesize(plan.aws, { outDir: mkdtempSync(join(tmpdir(), "dazzle-synth-a-")) });
const second = synthesize(structuredClone(plan.aws), {
  outDir: mkdtempSync(join(tmpdir(), "dazzle-synth-b-")),
});

describe("synthesize", () => {
  test("returns the stacks in deployment order with their CloudFormation names", () => {
    expect(first.stacks.map((stack) => [stack.id, stack.stackName])).toEqual(
      ["Network", "TigerBeetle", "Data", "Messaging", "Compute", "Observability"].map((
        id,
      ) => [id, `wallet-staging-${id}`]),
    );
  });

  test("writes each returned template into the cloud assembly", () => {
    for (const stack of first.stacks) {
      const written = JSON.parse(
        readFileSync(join(first.outDir, `${stack.id}.template.json`), "utf8"),
      );
      expect(written).toEqual(stack.template);
    }
  });

  test("the same requirements give byte-identical templates", () => {
    expect(second.stacks.map((stack) => JSON.stringify(stack.template)))
      .toEqual(first.stacks.map((stack) => JSON.stringify(stack.template)));
  });

  test("templates carry no CDK build metadata (no version reporting, no paths)", () => {
    for (const stack of first.stacks) {
      const resources = stack.template["Resources"] as Record<string,
        { Type: string; Metadata?: Record<string, unknown> }>;
      expect(Object.values(resources).filter((r) => r.Type === "AWS::CDK::Metadata")).toEqual([]);
      expect(Object.values(resources).filter((r) => r.Metadata?.["aws:cdk:path"])).toEqual([]);
    }
  });

  test("every stack deploys to the planned region", () => {
    const manifest = JSON.parse(readFileSync(join(first.outDir, "manifest.json"), "utf8")) as {
      artifacts: Record<string, { type: string; environment?: string }>;
    };
    const environments = Object.values(manifest.artifacts)
      .filter((artifact) => artifact.type === "aws:cloudformation:stack")
      .map((artifact) => artifact.environment);
    expect(new Set(environments)).toEqual(new Set(["aws://unknown-account/eu-west-2"]));
  });
});

test("with an account, synth needs no context lookup (the plan names the AZs)", () => {
  const withAccount = planDeployment(exampleAppSpec, { ...exampleConfig(),
    account: "111111111111" }, { projectName: "example", dazzleVersion: "0.1.0" });
  const result = synthesize(withAccount.aws, {
    outDir: mkdtempSync(join(tmpdir(), "dazzle-synth-account-")),
  });
  const manifest = JSON.parse(readFileSync(join(result.outDir, "manifest.json"), "utf8")) as {
    missing?: unknown[];
  };
  expect(manifest.missing ?? []).toEqual([]);
  expect(result.stacks.length).toBe(6);
});
