/**
 * Optional stage: aws-cdk-lib's built-in CloudFormation validation. It runs inside
 * `synthesize(aws, { validation: true })` and leaves `validation-report.json` in the assembly
 * folder; we read that report and map each violation onto a finding (F/E rules → high,
 * W → warn, I → info), rule IDs prefixed `CDK_VALIDATION_`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { StageStatus } from "./report/model.ts";
import { checkerStageFailed } from "./stage-findings.ts";
import type { Finding, PreflightStack, Severity } from "./types.ts";

const validationReportFileName = "validation-report.json";

interface Violation {
  readonly ruleName?: string;
  readonly description?: string;
  readonly violatingConstructs?: readonly {
    readonly cloudFormationResource?: { readonly templatePath?: string;
      readonly logicalId?: string };
  }[];
}

interface ValidationReport {
  readonly pluginReports?: readonly { readonly violations?: readonly Violation[] }[];
}

function severityOf(ruleName: string): Severity {
  const letter = ruleName.charAt(0);
  if (letter === "W") return "warn";
  if (letter === "I") return "info";
  return "high";
}

/**
 * Findings from the report in `outDir`. aws-cdk-lib writes the report whenever its validation
 * ran, violations or not, so a missing or unreadable report is a CHECKER_FAILED finding.
 */
export function readValidationReport(outDir: string,
  stacks: readonly PreflightStack[]): { findings: Finding[]; status: StageStatus } {
  const path = join(outDir, validationReportFileName);
  if (!existsSync(path)) {
    return failed(`aws-cdk-lib wrote no ${validationReportFileName}, so its validation did ` +
      "not run");
  }
  try {
    const report = JSON.parse(readFileSync(path, "utf8")) as ValidationReport;
    if (typeof report !== "object" || report === null) throw new Error("not a JSON object");
    const findings = violationFindings(report, stacks);
    return { findings,
      status: { name: "cdk-validation", status: "ran", detail: `${findings.length} findings` } };
  } catch (error) {
    return failed(
      `aws-cdk-lib's ${validationReportFileName} could not be read: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
}

function failed(detail: string): { findings: Finding[]; status: StageStatus } {
  return checkerStageFailed("cdk-validation", detail);
}

/** Throws (a TypeError) on a report of another shape. */
function violationFindings(report: ValidationReport, stacks: readonly PreflightStack[]): Finding[] {
  const findings: Finding[] = [];
  for (const plugin of (report.pluginReports ?? []).slice(0, 16)) {
    for (const violation of (plugin.violations ?? []).slice(0, 1000)) {
      const rule = violation.ruleName ?? "unknown";
      for (const construct of (violation.violatingConstructs ?? []).slice(0, 100)) {
        const resource = construct.cloudFormationResource;
        const file = (resource?.templatePath ?? "").replace(/\.template\.json$/, "");
        const stack = stacks.find((s) => s.id === file || s.stackName === file)?.id;
        findings.push({
          ruleId: `CDK_VALIDATION_${rule}`,
          severity: severityOf(rule),
          message: `CloudFormation validation ${rule}: ${violation.description ?? ""}`,
          remediation: "The template is generated: report it if no dazzle.toml setting " +
            "explains it.",
          ...(stack === undefined ? {} : { stack }),
          ...(resource?.logicalId === undefined ? {} : { logicalId: resource.logicalId }),
        });
      }
    }
  }
  return findings;
}
