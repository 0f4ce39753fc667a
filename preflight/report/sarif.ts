/**
 * `--format sarif`: SARIF 2.1.0 for code scanning (validated against the OASIS schema in
 * tests). Findings with a dazzle.toml/DSL span point there; others point at dazzle.toml, and
 * always name the template resource as a logical location. Acknowledged findings carry an
 * accepted external suppression with the team's reason.
 */
import type { Span } from "../../ir/span.ts";
import { acknowledgementsFileName, type AcknowledgedFinding } from "../acknowledgements.ts";
import { resourceKey, type Severity } from "../types.ts";
import type { PreflightReport, RuleInfo } from "./model.ts";

const sarifSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

const levels: Readonly<Record<Severity, "error" | "warning" | "note">> = {
  critical: "error",
  high: "error",
  warn: "warning",
  info: "note",
};
/** GitHub ranks code-scanning alerts by this number (CVSS-like, 0–10). */
const securitySeverity: Readonly<Record<Severity, string>> = {
  critical: "9.5",
  high: "7.5",
  warn: "5.0",
  info: "2.0",
};

export interface SarifOptions {
  /** Prefix that makes project-relative paths repository-relative ("" at the repo root). */
  readonly pathPrefix: string;
}

function physical(path: string, span: Span | undefined) {
  return {
    artifactLocation: { uri: path },
    ...(span ?
      {
        region: { startLine: span.line, startColumn: span.column, endLine: span.endLine,
          endColumn: Math.max(span.endColumn, span.column + 1) },
      } :
      {}),
  };
}

function sarifRule(rule: RuleInfo) {
  return {
    id: rule.id,
    name: rule.id.toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title}. ${rule.remediation}` },
    help: { text: rule.remediation },
    defaultConfiguration: { level: levels[rule.severity] },
    properties: { "security-severity": securitySeverity[rule.severity], severity: rule.severity,
      tags: ["security", "infrastructure"] },
  };
}

function sarifResult(finding: AcknowledgedFinding, ruleIndex: number, options: SarifOptions) {
  const path = `${options.pathPrefix}${finding.span?.file ?? "dazzle.toml"}`;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: levels[finding.severity],
    message: { text: `${finding.message}. Fix: ${finding.remediation}` },
    locations: [{
      physicalLocation: physical(path, finding.span),
      logicalLocations: [{ fullyQualifiedName: resourceKey(finding), kind: "resource" }],
    }],
    partialFingerprints: { "dazzleFinding/v1": `${finding.ruleId}:${resourceKey(finding)}` },
    properties: { severity: finding.severity },
    ...(finding.acknowledged ?
      { suppressions: [{
        kind: "external",
        status: "accepted",
        justification: finding.acknowledged.reason,
        location: { physicalLocation: physical(
          `${options.pathPrefix}${finding.acknowledged.span.file || acknowledgementsFileName}`,
          finding.acknowledged.span,
        ) },
      }] } :
      {}),
  };
}

export function renderSarif(report: PreflightReport, options: SarifOptions): string {
  const catalog = new Map(report.rules.map((rule) => [rule.id, rule]));
  for (const finding of report.findings) {
    if (!catalog.has(finding.ruleId)) {
      catalog.set(finding.ruleId, { id: finding.ruleId, severity: finding.severity,
        title: finding.ruleId, remediation: finding.remediation });
    }
  }
  const rules = [...catalog.values()];
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const log = {
    $schema: sarifSchemaUri,
    version: "2.1.0",
    runs: [{
      tool: {
        driver: { name: "dazzle", version: report.dazzleVersion, rules: rules.map(sarifRule) },
      },
      automationDetails: { id: `dazzle-preflight/${report.app}/${report.environment}/` },
      results: report.findings.map((f) => sarifResult(f, index.get(f.ruleId)!, options)),
    }],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
