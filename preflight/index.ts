/**
 * `deploy preflight` as a function: synthesized stacks + resolved config + AWSRequirements in,
 * a report out. Effects (synthesis, the cfn-lint process) are injected.
 */
import type { AWSRequirements } from "../ir/aws-requirements.ts";
import type { DeployConfig } from "../ir/deploy-config.ts";
import { applyAcknowledgements, type Acknowledgement } from "./acknowledgements.ts";
import { readValidationReport } from "./cdk-validation.ts";
import { runCfnLint, type ToolRunner } from "./cfn-lint.ts";
import { runRules, sortFindings } from "./engine.ts";
import type { PreflightReport, StageStatus } from "./report/model.ts";
import { rules } from "./rules/index.ts";
import { stageFinding, stageFindingIds, synthFailed } from "./stage-findings.ts";
import type { Baseline } from "../versioning/index.ts";
import type { CdkBootstrapReading, Finding, PreflightStack, Severity } from "./types.ts";

export interface PreflightRequest {
  readonly config: DeployConfig;
  readonly aws: AWSRequirements;
  readonly dazzleVersion: string;
  /** Synthesizes the stacks; `validation` turns on aws-cdk-lib's built-in validation. */
  readonly synthesize: (validation: boolean) => { outDir: string; stacks: PreflightStack[] };
  readonly validation: boolean;
  /**
   * Where the templates come from, for the report: "synthesized in process", or the cloud
   * assembly folder the caller read (then aws-cdk-lib's validation cannot run here).
   */
  readonly templates: { readonly source: "in-process" | "assembly"; readonly detail: string };
  /** Path of cfn-lint, or undefined to skip that stage. */
  readonly cfnLintPath?: string;
  readonly runner: ToolRunner;
  readonly acknowledgements: readonly Acknowledgement[];
  readonly baseline?: Baseline;
  /** The target account's CDK bootstrap, when the caller could look (CDK_BOOTSTRAP_*). */
  readonly cdkBootstrap?: CdkBootstrapReading;
  readonly failOn: Severity;
}

export interface PreflightOutcome {
  readonly report: PreflightReport;
  readonly unusedAcknowledgements: readonly Acknowledgement[];
}

export async function runPreflight(request: PreflightRequest): Promise<PreflightOutcome> {
  const { synth, failure } = trySynthesize(request);
  const stages: StageStatus[] = [
    { name: "templates", status: failure ? "failed" : "ran", detail: request.templates.detail },
    ...(request.baseline ?
      [{ name: "baseline" as const, status: request.baseline.problems
          .length > 0 ?
        "failed" as const :
        "ran" as const, detail: request.baseline.description }]
      : []),
    { name: "rules", status: "ran", detail: `${rules.length} checks on ${synth.stacks.length} ` +
      "stacks" },
  ];
  const findings: Finding[] = runRules({ stacks: synth.stacks, config: request.config,
    aws: request.aws, ...baselineFor(request.baseline, failure !== undefined),
    ...(request.cdkBootstrap ? { cdkBootstrap: request.cdkBootstrap } : {}) });
  if (failure) findings.push(failure);
  if (failure) {
    stages.push({ name: "cdk-validation", status: "skipped", detail: "synthesis failed" });
  } else if (request.validation && request.templates.source === "assembly") {
    stages.push({ name: "cdk-validation", status: "skipped", detail: "the assembly was " +
      "synthesized elsewhere; run `npx cdk synth` with CDK_VALIDATION or check in process" });
  } else if (request.validation) {
    const validation = readValidationReport(synth.outDir, synth.stacks);
    findings.push(...validation.findings);
    stages.push(validation.status);
  } else {
    stages.push({ name: "cdk-validation", status: "skipped", detail: "use --validate" });
  }
  if (request.cfnLintPath === undefined || failure) {
    stages.push({ name: "cfn-lint", status: "skipped",
      detail: failure ? "synthesis failed" : "not on PATH; use --cfn-lint" });
  } else {
    const lint = await runCfnLint(request.runner, request.cfnLintPath, synth.stacks,
      request.config.region);
    findings.push(...lint.findings);
    stages.push(lint.status);
  }
  const marked = applyAcknowledgements(sortFindings(findings, rules), request.acknowledgements);
  return {
    report: {
      dazzleVersion: request.dazzleVersion,
      app: request.aws.app,
      environment: request.config.environment,
      failOn: request.failOn,
      ...(request.baseline ?
        {
          baseline: { source: request.baseline.source, description: request.baseline.description },
        } :
        {}),
      findings: marked.findings,
      stages,
      rules: [...rules, ...stageFindingIds].map(({ id, severity, title, remediation }) => ({ id,
        severity, title, remediation })
      ),
    },
    unusedAcknowledgements: marked.unused,
  };
}

/**
 * Without templates (synthesis failed) nothing can be compared: the baseline's templates are
 * left out, but its problems still block and the deployment identity is still judged.
 */
function baselineFor(baseline: Baseline | undefined,
  synthFailed: boolean): { baseline?: Baseline } {
  if (baseline === undefined) return {};
  return { baseline: synthFailed ? { ...baseline, templates: new Map() } : baseline };
}

/**
 * A stack that refuses its input (e.g. 4 TigerBeetle replicas) throws during synthesis. The
 * plan-level checks still run on no templates, so the user gets the documented remedy, plus a
 * SYNTH_FAILED finding with the stack's own message, never a stack trace.
 */
function trySynthesize(request: PreflightRequest): {
  synth: { outDir: string; stacks: PreflightStack[] };
  failure?: Finding;
} {
  try {
    return { synth: request.synthesize(request.validation) };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).trim();
    return {
      synth: { outDir: "", stacks: [] },
      failure: stageFinding(synthFailed,
        `synthesis failed, so the templates were not checked: ${message}`),
    };
  }
}

export { acknowledgementsFileName, applyAcknowledgements, parseAcknowledgements,
  type AcknowledgedFinding, type Acknowledgement } from "./acknowledgements.ts";
export { runRules } from "./engine.ts";
export { invalidProjectReport } from "./invalid-project.ts";
export { runProcess } from "./process-runner.ts";
export { renderGithub } from "./report/github.ts";
export { renderJson } from "./report/json.ts";
export { summarize, type PreflightReport } from "./report/model.ts";
export { renderSarif } from "./report/sarif.ts";
export { renderText } from "./report/text.ts";
export { bootstrapParameterName } from "./rules/cdk-bootstrap.ts";
export { baselineRules, changeRules, rules } from "./rules/index.ts";
export { resourceKey, severities } from "./types.ts";
export type { CdkBootstrapReading, Finding, PreflightInput, PreflightStack, Rule,
  Severity } from "./types.ts";
