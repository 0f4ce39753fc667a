/**
 * The pipeline's own diagnostic codes, and the union of every code the pipeline's stages report.
 */
import type { ConfigCode } from "../config/index.ts";
import { diagnosticBuilder, type CodeRegistry } from "../diagnostics/code-registry.ts";
import type { FrontendCode } from "../frontend/index.ts";
import type { PlanCode } from "../plan/index.ts";

export const pipelineCodes = {
  "project/folderMissing": { severity: "error",
    summary: "the project folder (`-p/--project`, default the current folder) does not exist" },
} as const satisfies CodeRegistry;

export type PipelineCode = keyof typeof pipelineCodes;

export const pipelineDiagnostic = diagnosticBuilder(pipelineCodes);

/** Any code a run of the pipeline can report. */
export type DiagnosticCode = PipelineCode | ConfigCode | FrontendCode | PlanCode;
