/**
 * `--format github`: GitHub Actions workflow commands, one annotation per finding:
 * `::error file=dazzle.toml,line=12,col=1,title=TB_EVEN_NODE_COUNT::message`.
 * critical/high → error, warn → warning, info and acknowledged findings → notice.
 */
import { resourceKey } from "../types.ts";
import type { AcknowledgedFinding } from "../acknowledgements.ts";
import { summarize, type PreflightReport } from "./model.ts";

/** Message text: %, CR and LF are escaped (the runner's `escapeData`). */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Property values: additionally ':' and ',' (the runner's `escapeProperty`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(finding: AcknowledgedFinding): string {
  if (finding.acknowledged) return "notice";
  if (finding.severity === "critical" || finding.severity === "high") return "error";
  return finding.severity === "warn" ? "warning" : "notice";
}

export function renderGithub(report: PreflightReport, pathPrefix: string): string {
  const lines = report.findings.map((finding) => {
    const properties: string[] = [];
    if (finding.span) {
      properties.push(`file=${escapeProperty(pathPrefix + finding.span.file)}`,
        `line=${finding.span.line}`, `col=${finding.span.column}`);
      if (finding.span.endLine !== finding.span.line) {
        properties.push(`endLine=${finding.span.endLine}`);
      }
    }
    const ack = finding.acknowledged ? ` [acknowledged: ${finding.acknowledged.reason}]` : "";
    properties.push(`title=${
      escapeProperty(`${finding.ruleId} (${finding.severity}) ` +
        resourceKey(finding))
    }`);
    const text = `${finding.message}${ack}\nFix: ${finding.remediation}`;
    return `::${command(finding)} ${properties.join(",")}::${escapeData(text)}`;
  });
  const summary = summarize(report);
  lines.push(`::notice title=dazzle preflight::${
    escapeData(
      `${summary.passed ? "passed" : "failed"}: ${summary.counts.critical} critical, ` +
        `${summary.counts.high} high, ${summary.counts.warn} warn, ${summary.counts.info} info ` +
        `(${summary.acknowledged} acknowledged)`,
    )
  }`);
  return lines.join("\n") + "\n";
}
