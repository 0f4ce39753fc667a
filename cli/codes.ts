/**
 * Codes of the errors a command reports itself (`UserError`), documented in docs/cli.md.
 */
import { diagnosticBuilder, type CodeRegistry } from "../diagnostics/code-registry.ts";
import type { DiagnosticCode } from "../pipeline/index.ts";

export const cliCodes = {
  "cli/notInBuild": { severity: "error",
    summary: "the command was not part of the source this binary was built from" },
  "cli/wouldOverwrite": { severity: "error",
    summary: "the command would overwrite files; nothing was written (`--force` overwrites)" },
  "cli/invalidProject": { severity: "error",
    summary: "the project has errors, so the command cannot run (`dazzle check` lists them)" },
  "synth/stackRefused": { severity: "error",
    summary: "a stack refused a value of the plan while the templates were built" },
  "synth/cdkValidation": { severity: "error",
    summary: "aws-cdk-lib rejected a construct's settings" },
  "versioning/unreadableRecord": { severity: "error",
    summary: "the infra version record of the last `deploy generate` cannot be read" },
  "artifacts/unavailable": { severity: "error",
    summary: "`deploy artifacts` could not fetch or verify a release it mirrors" },
  "artifacts/uploadFailed": { severity: "error",
    summary: "`deploy artifacts` could not upload to the destination bucket" },
  "cli/unreadableAssembly": { severity: "error",
    summary: "`--assembly` names a folder that is not a readable cloud assembly (manifest.json)" },
  "cli/unreadableFile": { severity: "error",
    summary: "a file the command reads is not a regular readable file (FIFO, device, too large)" },
  "generate/destructiveChange": { severity: "error",
    summary: "`deploy generate` refused: stateful resources would be replaced or removed" },
  "generate/locked": { severity: "error",
    summary: "another `deploy generate` holds the infra folder's lock" },
  "generate/unwritableInfra": { severity: "error",
    summary: "`deploy generate` cannot write the infra folder (a path or file it must not touch)" },
  "init/cancelled": { severity: "error",
    summary: "`init` was cancelled at a question (end of input); nothing was written" },
  "init/noValidAnswer": { severity: "error",
    summary: "`init` got no valid answer to a question after 3 tries; nothing was written" },
  "status/noCluster": { severity: "error",
    summary: "`tigerbeetle status`: the project has no TigerBeetle cluster" },
  "status/unreadable": { severity: "error",
    summary: "`tigerbeetle status`: the cluster's state cannot be read from AWS" },
  "status/notDeployed": { severity: "error",
    summary: "`tigerbeetle status`: no such cluster is deployed in the account and region" },
} as const satisfies CodeRegistry;

export type CliCode = keyof typeof cliCodes;

/** Any code a command may report: its own or one of the pipeline's. */
export type ErrorCode = CliCode | DiagnosticCode;

export const cliDiagnostic = diagnosticBuilder(cliCodes);
