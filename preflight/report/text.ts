/** The readable report: grouped by severity, with counts and what to do next. */
import { resourceKey, severities, type Severity } from "../types.ts";
import { acknowledgementsFileName, type AcknowledgedFinding } from "../acknowledgements.ts";
import { isFailing, summarize, type PreflightReport } from "./model.ts";

type Paint = (colour: "red" | "yellow" | "cyan" | "green" | "bold" | "dim", text: string) => string;

const severityColour = { critical: "red", high: "red", warn: "yellow", info: "cyan" } as const;

function where(finding: AcknowledgedFinding): string {
  const span = finding.span ?
    `  (${finding.span.file}:${finding.span.line}:${finding.span.column})`
    : "";
  return `${resourceKey(finding)}${span}`;
}

function renderFinding(finding: AcknowledgedFinding, paint: Paint): string[] {
  const mark = finding.acknowledged ? paint("dim", " [acknowledged]") : "";
  const lines = [`  ${paint("bold", finding.ruleId)}${mark}  ${where(finding)}`,
    `    ${finding.message}`];
  if (finding.acknowledged) {
    lines.push(`    acknowledged: ${finding.acknowledged.reason} ` +
      `(${finding.acknowledged.span.file}:${finding.acknowledged.span.line})`);
  } else {
    lines.push(`    fix: ${finding.remediation}`);
  }
  return lines;
}

export function renderText(report: PreflightReport, paint: Paint): string {
  const summary = summarize(report);
  const lines = [`Preflight for ${report.app} (${report.environment})`];
  for (const stage of report.stages) {
    lines.push(paint("dim", `  ${stage.name}: ${stage.status}${
      stage.detail ?
        ` (${stage.detail})`
        : ""
    }`));
  }
  for (const severity of severities) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push("", paint(severityColour[severity], `${severity.toUpperCase()} (${group.length})`));
    for (const finding of group) lines.push(...renderFinding(finding, paint));
  }
  lines.push("", countsLine(summary.counts, summary.acknowledged));
  lines.push(...nextActions(report, summary.failing));
  return lines.join("\n") + "\n";
}

function countsLine(counts: Readonly<Record<Severity, number>>, acknowledged: number): string {
  const parts = severities.map((s) => `${counts[s]} ${s}`);
  return `${parts.join(", ")}${acknowledged > 0 ? ` (${acknowledged} acknowledged)` : ""}`;
}

function nextActions(report: PreflightReport, failing: number): string[] {
  if (failing === 0) {
    return [`Preflight passed: nothing at or above '${report.failOn}' is left unacknowledged.`];
  }
  const first = report.findings.find((f) => isFailing(f, report.failOn))!;
  return [
    `Preflight failed: ${failing} unacknowledged finding${failing === 1 ? "" : "s"} at or ` +
    `above '${report.failOn}'.`,
    "Next: fix each one as its 'fix:' line says (most are dazzle.toml settings), then run " +
    "`dazzle deploy preflight` again.",
    `To accept a finding, add to ${acknowledgementsFileName}:`,
    `  [[acknowledge]]`,
    `  check = "${first.ruleId}"`,
    `  resource = "${resourceKey(first)}"`,
    `  reason = "why this is acceptable"`,
  ];
}
