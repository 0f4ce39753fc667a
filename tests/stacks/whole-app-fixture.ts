/**
 * Synthesize a plan once and expose each stack's template for `aws-cdk-lib/assertions`.
 * Every stack test file calls this once at module level and shares the result.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import type { AppSpec } from "../../ir/appspec.ts";
import type { DeployConfig } from "../../ir/deploy-config.ts";
import { hasErrors } from "../../diagnostics/diagnostic.ts";
import { planDeployment } from "../../plan/index.ts";
import { buildStacks, type DazzleStacks } from "../../stacks/app.ts";
import { createApp } from "../../synth/index.ts";
import { exampleAppSpec, exampleConfig } from "../../testing/plan-fixtures.ts";

process.env["AWS_EC2_METADATA_DISABLED"] = "true";

export interface SynthesizedApp {
  readonly plan: ReturnType<typeof planDeployment>;
  readonly stacks: DazzleStacks;
  readonly app: ReturnType<typeof createApp>;
  readonly outDir: string;
  /** Templates by construct id (`Network`, `Data`, ...), only for stacks that exist. */
  readonly templates: Readonly<Record<string, Template>>;
}

export function synthesizeApp(
  appSpec: AppSpec,
  config: DeployConfig,
  options: { readonly projectDir?: string } = {},
): SynthesizedApp {
  const plan = planDeployment(appSpec, config, { projectName: "project", dazzleVersion: "0.1.0" });
  if (hasErrors(plan.diagnostics)) {
    throw new Error(`fixture does not plan: ${JSON.stringify(plan.diagnostics)}`);
  }
  const outDir = mkdtempSync(join(tmpdir(), "dazzle-stacks-"));
  const app = createApp({ outDir });
  const stacks = buildStacks(app, plan.aws, options);
  app.synth();
  const templates: Record<string, Template> = {};
  for (const stack of Object.values(stacks)) {
    templates[stack.node.id] = Template.fromStack(stack);
  }
  return { plan, stacks, app, outDir, templates };
}

let example: SynthesizedApp | undefined;

/** The example wallet app (staging, eu-west-2), synthesized once per test file. */
export function synthesizeExample(): SynthesizedApp {
  example ??= synthesizeApp(exampleAppSpec, exampleConfig());
  return example;
}

/** Logical ids of the resources of `type` in a template. */
export function logicalIds(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type)).sort();
}

/**
 * Follow a cross-stack `Fn::ImportValue` back to the exporting stack's output value, so tests
 * check what a reference points at, not how CDK names exports.
 */
export function resolveImport(exporting: Template, value: unknown): unknown {
  const name = (value as { "Fn::ImportValue"?: string })["Fn::ImportValue"];
  if (typeof name !== "string") return value;
  const outputs = exporting.toJSON()["Outputs"] as Record<string,
    { Value: unknown; Export?: { Name: string } }>;
  const output = Object.values(outputs).find((candidate) => candidate.Export?.Name === name);
  if (!output) throw new Error(`no export named ${name}`);
  return output.Value;
}

export function resourceOf(template: Template, reference: unknown): Record<string, unknown> {
  const logicalId = (reference as { Ref?: string }).Ref;
  if (!logicalId) throw new Error(`not a Ref: ${JSON.stringify(reference)}`);
  const resources = template.toJSON()["Resources"] as Record<string, Record<string, unknown>>;
  return resources[logicalId]!;
}
