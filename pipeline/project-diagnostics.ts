/**
 * The diagnostics the pipeline itself reports: about the project as a whole rather than about
 * one stage's input.
 */
import { configDiagnostic } from "../config/index.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { DeployConfig } from "../ir/deploy-config.ts";
import { pipelineDiagnostic } from "./codes.ts";

export function projectFolderMissing(projectDir: string): Diagnostic {
  return pipelineDiagnostic("project/folderMissing", `project folder ${projectDir} does not exist`,
    undefined, "pass -p/--project DIR, or run `dazzle init DIR` to create one");
}

/**
 * `[deploy] enabled = false` says the project is not deployed with Dazzle: every deploy command
 * stops (with the line to change) instead of producing infrastructure nobody asked for.
 */
export function deployDisabled(config: DeployConfig): Diagnostic {
  return configDiagnostic("config/deployDisabled",
    "deployment is disabled for this project ([deploy] enabled = false)",
    config.sources["deploy.enabled"],
    "set enabled = true in [deploy] to plan, generate or deploy it");
}
