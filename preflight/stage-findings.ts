/**
 * Findings of preflight's own stages rather than of a rule: their IDs and texts live here once;
 * the stages report them and `scripts/preflight-table.ts` renders them into README.md and
 * docs/preflight.md. A stage that was asked for and could not run is a critical finding, so
 * preflight never passes on a check that did not happen.
 */
import type { RuleInfo, StageStatus } from "./report/model.ts";
import type { Finding } from "./types.ts";

/** A single ID: reported as is, and listed with the rules in every report. */
export const synthFailed = {
  id: "SYNTH_FAILED",
  severity: "critical",
  title: "A stack refused the plan; templates not checked",
  remediation: "Fix the setting the message names (`dazzle deploy plan` shows what each " +
    "setting resolves to).",
} as const satisfies RuleInfo;

const checkerFailed = {
  id: "CHECKER_FAILED",
  severity: "critical",
  title: "A checker that was asked for could not run (cfn-lint crashed, timed out or printed " +
    "no report; the validation report is unreadable)",
  remediation: "Fix the checker the message names (e.g. reinstall cfn-lint), or run preflight " +
    "without it (`--skip-cfn-lint`, no `--validate`): a check that did not run never passes.",
} as const satisfies RuleInfo;

/** One per error of a project that does not load: reported where the error is. */
export const projectInvalid = {
  id: "PROJECT_INVALID",
  severity: "critical",
  title: "The project has an error (DSL or dazzle.toml); nothing was synthesized or checked",
  remediation: "Fix the error where it points (`dazzle check` shows each with its context).",
} as const satisfies RuleInfo;

export const stageFindingIds: readonly RuleInfo[] = [synthFailed, checkerFailed, projectInvalid];

/** Families of IDs, one per rule of an outside checker; shown in the docs, not in reports. */
export const stageFindingFamilies: readonly {
  readonly id: string;
  readonly severity: string;
  readonly title: string;
  readonly remediation: string;
}[] = [
  { id: "CDK_VALIDATION_<rule>", severity: "F/E → high, W → warn, I → info",
    title: "aws-cdk-lib's built-in CloudFormation validation (`--validate`)",
    remediation: "Generated template: report it unless a `dazzle.toml` setting explains it." },
  { id: "CFN_LINT_<rule>", severity: "Error → high, Warning → warn, Informational → info",
    title: "`cfn-lint --format json` over the templates",
    remediation: "As above; the message links the cfn-lint rule." },
];

/** The finding of a stage that failed, with what went wrong. */
export function stageFinding(info: RuleInfo, what: string): Finding {
  return { ruleId: info.id, severity: info.severity, message: what, remediation: info.remediation };
}

/** A checker that was asked for and could not run: its blocking finding and its stage status. */
export function checkerStageFailed(
  stage: "cdk-validation" | "cfn-lint",
  detail: string,
  message = detail,
): { findings: Finding[]; status: StageStatus } {
  return { findings: [stageFinding(checkerFailed, message)],
    status: { name: stage, status: "failed", detail } };
}
