import type { AWSRequirements } from "../ir/aws-requirements.ts";
import type { DeployConfig } from "../ir/deploy-config.ts";
import type { Span } from "../ir/span.ts";
import type { Baseline } from "../versioning/index.ts";

/**
 * How bad a finding is. `critical` and `high` fail preflight by default (exit 1); `warn` and
 * `info` are reported only (`--fail-on` moves the bar). Ordered from worst to mildest.
 */
export type Severity = "critical" | "high" | "warn" | "info";

export const severities: readonly Severity[] = ["critical", "high", "warn", "info"];

/** 0 = worst. Used to compare a finding against `--fail-on`. */
export function severityRank(severity: Severity): number {
  return severities.indexOf(severity);
}

/** One CloudFormation resource as it appears in a synthesized template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

export interface CfnTemplate {
  readonly Resources?: Readonly<Record<string, CfnResource>>;
  readonly Outputs?: Readonly<
    Record<string, { readonly Value?: unknown; readonly Export?: { readonly Name?: unknown } }>
  >;
  readonly Parameters?: Readonly<Record<string, unknown>>;
}

/** A synthesized stack: id (Network, TigerBeetle, ...), its CloudFormation name, its template. */
export interface PreflightStack {
  readonly id: string;
  readonly stackName: string;
  readonly template: CfnTemplate;
}

/** Everything a rule may look at: what would be deployed, and what it was derived from. */
export interface PreflightInput {
  readonly stacks: readonly PreflightStack[];
  readonly config: DeployConfig;
  readonly aws: AWSRequirements;
  /**
   * What the change checks compare with (the record or the deployed stacks); absent when the
   * caller has none to offer (tests of single rules). A baseline with no templates is a first
   * deploy; its `problems` are blocking findings (BASELINE_UNVERIFIED).
   */
  readonly baseline?: Baseline;
  /** The CDK bootstrap as read in the target account/region (aws/cdk-bootstrap.ts). */
  readonly cdkBootstrap?: CdkBootstrapReading;
}

/** `/cdk-bootstrap/<qualifier>/version` in the target account and region, as read. */
export type CdkBootstrapReading = { readonly parameterName: string } & (
  | { readonly status: "found"; readonly version: number }
  | { readonly status: "missing" }
  | { readonly status: "unreadable"; readonly reason: string }
  | { readonly status: "no-credentials" }
);

/**
 * One problem found. `stack` + `logicalId` name the resource in the templates; `span` points at
 * the dazzle.toml key or DSL line that caused it, when one did.
 */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** One sentence: what is wrong, with the actual and the expected value. */
  readonly message: string;
  /** What to do; defaults to the rule's remediation. */
  readonly remediation: string;
  readonly stack?: string;
  readonly logicalId?: string;
  readonly span?: Span;
}

/** What a rule's check returns: a finding without the parts the rule table fills in. */
export interface FindingDraft {
  readonly message: string;
  readonly stack?: string;
  readonly logicalId?: string;
  readonly span?: Span;
  /** Only when this finding is milder or worse than the rule's default (e.g. staging vs prod). */
  readonly severity?: Severity;
  readonly remediation?: string;
}

/** One row of the rule table (docs/preflight.md lists them all). */
export interface Rule {
  /** Stable, upper-case, never reused: users acknowledge findings by it. */
  readonly id: string;
  readonly severity: Severity;
  /** When some of its findings get another severity, which and when (for the docs' table). */
  readonly severityVaries?: string;
  readonly title: string;
  readonly remediation: string;
  readonly check: (input: PreflightInput) => readonly FindingDraft[];
}

/** `Stack/LogicalId`, or `Stack` alone: how reports and acknowledgements name a resource. */
export function resourceKey(finding: Pick<Finding, "stack" | "logicalId">): string {
  if (finding.stack === undefined) return "(project)";
  return finding.logicalId === undefined ? finding.stack : `${finding.stack}/${finding.logicalId}`;
}
