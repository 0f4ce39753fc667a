import type { AcknowledgedFinding } from "../acknowledgements.ts";
import { severities, severityRank, type Severity } from "../types.ts";

/** One optional stage of preflight and what became of it. */
export interface StageStatus {
  readonly name: "templates" | "baseline" | "rules" | "cdk-validation" | "cfn-lint";
  readonly status: "ran" | "skipped" | "failed";
  /** Why skipped or failed, or what ran (e.g. the cfn-lint version). */
  readonly detail?: string;
}

/** Title and remediation per check ID, for report headers and SARIF's rule list. */
export interface RuleInfo {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly remediation: string;
}

export interface PreflightReport {
  readonly dazzleVersion: string;
  readonly app: string;
  readonly environment: string;
  readonly failOn: Severity;
  /** What the change checks compared with (the record or the deployed stacks). */
  readonly baseline?: { readonly source: "record" | "deployed"; readonly description: string };
  readonly findings: readonly AcknowledgedFinding[];
  readonly stages: readonly StageStatus[];
  readonly rules: readonly RuleInfo[];
}

export interface ReportSummary {
  readonly counts: Readonly<Record<Severity, number>>;
  readonly acknowledged: number;
  /** Unacknowledged findings at or above `failOn`: each one fails preflight. */
  readonly failing: number;
  readonly passed: boolean;
}

export function isFailing(finding: AcknowledgedFinding, failOn: Severity): boolean {
  return finding.acknowledged === undefined &&
    severityRank(finding.severity) <= severityRank(failOn);
}

export function summarize(report: PreflightReport): ReportSummary {
  const counts = Object.fromEntries(severities.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of report.findings) counts[finding.severity] += 1;
  const failing = report.findings.filter((f) => isFailing(f, report.failOn)).length;
  return {
    counts,
    acknowledged: report.findings.filter((f) => f.acknowledged !== undefined).length,
    failing,
    passed: failing === 0,
  };
}
