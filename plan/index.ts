/**
 * The plan stage: AppSpec + resolved dazzle.toml → InfraRequirements → AWSRequirements.
 * Pure (no I/O, no clock, no randomness): the same input gives byte-identical output, and
 * every user mistake comes back as a Diagnostic rather than an exception.
 */
import type { AppSpec } from "../ir/appspec.ts";
import type { DeployConfig } from "../ir/deploy-config.ts";
import type { InfraRequirements } from "../ir/infra-requirements.ts";
import type { AWSRequirements } from "../ir/aws-requirements.ts";
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { planAws } from "./aws.ts";
import { planInfra } from "./infra.ts";

export { planCodes, type PlanCode } from "./codes.ts";

export interface PlanOptions {
  /** Used as the app name when the DSL declares no `app` (usually the project folder name). */
  readonly projectName: string;
  readonly dazzleVersion: string;
}

export interface DeploymentPlan {
  readonly infra: InfraRequirements;
  readonly aws: AWSRequirements;
  /** Sorted; any `error` means the plan must not be synthesized. */
  readonly diagnostics: Diagnostic[];
}

export function planDeployment(
  appSpec: AppSpec,
  config: DeployConfig,
  options: PlanOptions,
): DeploymentPlan {
  const diagnostics: Diagnostic[] = [];
  const infra = planInfra(appSpec, { projectName: options.projectName }, diagnostics);
  const aws = planAws(infra, config, { dazzleVersion: options.dazzleVersion }, diagnostics);
  return { infra, aws, diagnostics: sortDiagnostics(diagnostics) };
}

/** The advice plan and preflight give an app without an image. */
export { noAppImageRemedy } from "./compute.ts";
export { appNameLengthMax, resourceName } from "./names.ts";
export { renderPlanSummary } from "./summary.ts";
