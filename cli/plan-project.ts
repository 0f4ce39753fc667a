/**
 * Load a project and plan its deployment: the shared first step of `deploy plan`, `deploy
 * synth` (and the other deploy commands). Plan diagnostics are rendered like the frontend's;
 * any error ends the command (ExitError(1), already reported).
 */
import { basename } from "node:path";
import { hasErrors } from "../diagnostics/diagnostic.ts";
import { renderDiagnostics } from "../diagnostics/render.ts";
import type { AppSpec } from "../ir/appspec.ts";
import type { DeployConfig } from "../ir/deploy-config.ts";
import { planDeployment, type DeploymentPlan } from "../plan/index.ts";
import type { CommandContext } from "./command.ts";
import { ExitError } from "./errors.ts";
import { loadProjectInputs } from "./project.ts";
import { dazzleVersion } from "./version.ts";

export interface PlannedProject extends DeploymentPlan {
  readonly appSpec: AppSpec;
  readonly config: DeployConfig;
}

export async function planProject(
  context: CommandContext,
  projectDir: string,
): Promise<PlannedProject> {
  const inputs = await loadProjectInputs(context, projectDir);
  const plan = planDeployment(inputs.appSpec, inputs.config, {
    projectName: basename(projectDir), dazzleVersion });
  const failed = hasErrors(plan.diagnostics);
  const shown = plan.diagnostics.filter((d) =>
    d.severity === "error" || (!context.quiet && d.severity === "warning") || context.verbose);
  if (shown.length > 0) {
    context.stderr(renderDiagnostics(shown, (file) => inputs.sources.get(file),
      { color: context.color }) + "\n");
  }
  if (failed) {
    context.stderr("\nthe deployment cannot be planned; nothing was done\n");
    throw new ExitError(1);
  }
  return { ...plan, appSpec: inputs.appSpec, config: inputs.config };
}
