/**
 * In-process synthesis with the aws-cdk-lib embedded in the binary: AWSRequirements → a cloud
 * assembly in `outDir` and the templates as plain data.
 */
import { App } from "aws-cdk-lib/core";
import type { AWSRequirements } from "../ir/aws-requirements.ts";
import { stackIds } from "../ir/stacks.ts";
import { buildStacks } from "../stacks/app.ts";

export { AssemblyError, readAssembly } from "./read-assembly.ts";

export interface SynthOptions {
  readonly outDir: string;
  /**
   * Run aws-cdk-lib's built-in CloudFormation validation (a WASM validator, ~1.5 s). Off by
   * default: `deploy preflight` turns it on.
   */
  readonly validation?: boolean;
  /** The project folder: a Dockerfile image's build context is relative to it. */
  readonly projectDir?: string;
}

export interface SynthesizedStack {
  /** Construct id: `Network`, `TigerBeetle`, ... */
  readonly id: string;
  readonly stackName: string;
  readonly template: Record<string, unknown>;
}

export interface SynthResult {
  readonly outDir: string;
  /** In stack order: Network, TigerBeetle, Data, Messaging, Compute, Observability. */
  readonly stacks: SynthesizedStack[];
}

export function synthesize(aws: AWSRequirements, options: SynthOptions): SynthResult {
  const app = createApp(options);
  buildStacks(app, aws, options.projectDir !== undefined ? { projectDir: options.projectDir } : {});
  const assembly = app.synth();
  const order = new Map<string, number>(stackIds.map((id, index) => [id, index]));
  const stacks = assembly.stacks
    .map((artifact) => ({
      id: artifact.hierarchicalId,
      stackName: artifact.stackName,
      template: artifact.template as Record<string, unknown>,
    }))
    .sort((a, b) => (order.get(a.id) ?? stackIds.length) - (order.get(b.id) ?? stackIds.length));
  return { outDir: assembly.directory, stacks };
}

/**
 * The App every dazzle synth uses. Context is explicit so the output does not depend on a
 * `cdk.json` or environment variables: no version reporting (no metadata resource that
 * changes per build), no asset staging outside `outDir`.
 */
export function createApp(options: SynthOptions): App {
  return new App({
    outdir: options.outDir,
    analyticsReporting: false,
    builtinCloudFormationValidation: options.validation === true,
    context: { "aws:cdk:enable-path-metadata": false, "aws:cdk:disable-stack-trace": true },
  });
}
