/**
 * Run the rule table over what would be deployed. Pure: the same input gives the same findings
 * in the same order (severity, rule order, stack, logical id).
 */
import { rules as defaultRules } from "./rules/index.ts";
import { severityRank, type Finding, type PreflightInput, type Rule } from "./types.ts";

/** Bound on findings per rule: beyond this a report stops being readable anyway. */
const findingsPerRuleMax = 200;

export function runRules(input: PreflightInput, rules: readonly Rule[] = defaultRules): Finding[] {
  const ids = new Set(rules.map((rule) => rule.id));
  if (ids.size !== rules.length) throw new Error("runRules: duplicate rule ids in the table");
  const findings: Finding[] = [];
  rules.forEach((rule) => {
    for (const draft of rule.check(input).slice(0, findingsPerRuleMax)) {
      findings.push({
        ruleId: rule.id,
        severity: draft.severity ?? rule.severity,
        message: draft.message,
        remediation: draft.remediation ?? rule.remediation,
        ...(draft.stack === undefined ? {} : { stack: draft.stack }),
        ...(draft.logicalId === undefined ? {} : { logicalId: draft.logicalId }),
        ...(draft.span === undefined ? {} : { span: draft.span }),
      });
    }
  });
  return sortFindings(findings, rules);
}

export function sortFindings(findings: readonly Finding[], rules: readonly Rule[]): Finding[] {
  const order = new Map(rules.map((rule, index) => [rule.id, index]));
  const key = (finding: Finding) => `${finding.stack ?? ""}/${finding.logicalId ?? ""}`;
  return [...findings].sort((a, b) =>
    severityRank(a.severity) - severityRank(b.severity) ||
    (order.get(a.ruleId) ?? 1e9) - (order.get(b.ruleId) ?? 1e9) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)
  );
}
