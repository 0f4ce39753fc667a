/**
 * `--format json`: the report as data. Its shape is `preflight/report-schema.json` (tested);
 * `schemaVersion` changes only when a field is removed or changes meaning.
 */
import { resourceKey } from "../types.ts";
import { summarize, type PreflightReport } from "./model.ts";

const reportSchemaVersion = 1;

export function renderJson(report: PreflightReport): string {
  const summary = summarize(report);
  const document = {
    schemaVersion: reportSchemaVersion,
    tool: { name: "dazzle", version: report.dazzleVersion },
    app: report.app,
    environment: report.environment,
    failOn: report.failOn,
    passed: summary.passed,
    counts: { ...summary.counts, acknowledged: summary.acknowledged, failing: summary.failing },
    ...(report.baseline ? { baseline: report.baseline } : {}),
    stages: report.stages,
    findings: report.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      remediation: finding.remediation,
      resource: resourceKey(finding),
      ...(finding.stack === undefined ? {} : { stack: finding.stack }),
      ...(finding.logicalId === undefined ? {} : { logicalId: finding.logicalId }),
      ...(finding.span === undefined ? {} : { span: finding.span }),
      acknowledged: finding.acknowledged !== undefined,
      ...(finding.acknowledged ? { acknowledgement: finding.acknowledged } : {}),
    })),
  };
  return JSON.stringify(document, null, 2) + "\n";
}
