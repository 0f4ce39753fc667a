/**
 * The report of a project that does not load: every error its stages found becomes a critical
 * `PROJECT_INVALID` finding at the error's file, line and column, so `--format json|sarif|github`
 * still print a report (CI uploads it, code scanning marks the DSL line) instead of nothing.
 * Pure: diagnostics in, report out.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Environment } from "../ir/deploy-config.ts";
import type { PreflightReport } from "./report/model.ts";
import { projectInvalid, stageFindingIds } from "./stage-findings.ts";
import type { Severity } from "./types.ts";

export interface InvalidProject {
  readonly dazzleVersion: string;
  readonly app: string;
  readonly environment: Environment;
  readonly failOn: Severity;
  readonly diagnostics: readonly Diagnostic[];
}

export function invalidProjectReport(project: InvalidProject): PreflightReport {
  const errors = project.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  return {
    dazzleVersion: project.dazzleVersion,
    app: project.app,
    environment: project.environment,
    failOn: project.failOn,
    findings: errors.map((error) => ({
      ruleId: projectInvalid.id,
      severity: projectInvalid.severity,
      message: `${error.code}: ${error.message}`,
      remediation: error.hint ?? projectInvalid.remediation,
      ...(error.span ? { span: error.span } : {}),
    })),
    stages: [{ name: "templates", status: "skipped",
      detail: `the project has ${errors.length} error${errors.length === 1 ? "" : "s"}` }],
    rules: stageFindingIds,
  };
}
