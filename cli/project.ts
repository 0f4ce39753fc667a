/**
 * Load what every project command needs: the resolved dazzle.toml and the AppSpec. All
 * diagnostics (config and DSL) are rendered together, compiler-style, so the user sees every
 * problem in one run; any error ends the command with exit 1 (`ExitError`, already reported).
 */
import { stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { renderDiagnostics } from "../diagnostics/render.ts";
import type { AppSpec } from "../ir/appspec.ts";
import type { DeployConfig } from "../ir/deploy-config.ts";
import { loadDeployConfig } from "../config/index.ts";
import { loadProject } from "../frontend/index.ts";
import type { CommandContext } from "./command.ts";
import { ExitError, UsageError, UserError } from "./errors.ts";
import { dazzleVersion } from "./version.ts";

export interface ProjectInputs {
  readonly config: DeployConfig;
  readonly appSpec: AppSpec;
  /** Project-relative path → text, DSL files and dazzle.toml (when present). */
  readonly sources: ReadonlyMap<string, string>;
  /** Already printed to stderr (unless `--quiet`); returned for commands that report them. */
  readonly warnings: Diagnostic[];
}

/** `-p/--project DIR` relative to the working folder; the working folder when absent. */
export function resolveProjectDir(context: CommandContext, flagValue: unknown): string {
  if (flagValue !== undefined && (typeof flagValue !== "string" || flagValue === "")) {
    throw new UsageError("flag '--project' needs a folder");
  }
  return resolve(context.cwd, flagValue ?? ".");
}

export async function loadProjectInputs(
  context: CommandContext,
  projectDir: string,
): Promise<ProjectInputs> {
  await assertProjectFolder(projectDir);
  const [loadedConfig, project] = await Promise.all([
    loadDeployConfig(projectDir, { dazzleVersion }),
    loadProject(projectDir),
  ]);
  const sources = new Map(project.sources);
  if (loadedConfig.source) sources.set(loadedConfig.source.path, loadedConfig.source.text);
  const diagnostics = sortDiagnostics([...loadedConfig.diagnostics, ...project.diagnostics,
    ...disabledDiagnostics(loadedConfig.config)]);
  const failed = hasErrors(diagnostics) || loadedConfig.config === undefined;
  const shown = context.quiet && !failed
    ? []
    : diagnostics.filter((d) => !context.quiet || d.severity === "error");
  if (shown.length > 0) {
    context.stderr(renderForUser(context, projectDir, shown, sources) + "\n");
  }
  if (failed) {
    const errorCount = diagnostics.filter((d) => d.severity === "error").length;
    context.stderr(`\n${errorCount} error${errorCount === 1 ? "" : "s"}; nothing was done\n`);
    throw new ExitError(1);
  }
  return {
    config: loadedConfig.config!,
    appSpec: project.appSpec,
    sources,
    warnings: diagnostics.filter((d) => d.severity !== "error"),
  };
}

/**
 * `[deploy] enabled = false` says the project is not deployed with Dazzle: every deploy command
 * stops (with the line to change) instead of producing infrastructure nobody asked for.
 */
function disabledDiagnostics(config: DeployConfig | undefined): Diagnostic[] {
  if (config === undefined || config.enabled) return [];
  const span = config.sources["deploy.enabled"];
  return [{
    code: "config/deployDisabled",
    severity: "error",
    message: "deployment is disabled for this project ([deploy] enabled = false)",
    ...(span ? { span } : {}),
    hint: "set enabled = true in [deploy] to plan, generate or deploy it",
  }];
}

/** Paths in diagnostics are project-relative; show them relative to where the user stands. */
function renderForUser(
  context: CommandContext,
  projectDir: string,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
): string {
  const shownPath = (file: string) => {
    const absolute = isAbsolute(file) ? file : join(projectDir, file);
    const relativePath = relative(context.cwd, absolute);
    return relativePath.startsWith("..") ? absolute : relativePath;
  };
  const byShownPath = new Map([...sources].map(([file, text]) => [shownPath(file), text]));
  const moved = diagnostics.map((d) =>
    d.span ? { ...d, span: { ...d.span, file: shownPath(d.span.file) } } : d
  );
  return renderDiagnostics(moved, (file) => byShownPath.get(file), { color: context.color });
}

async function assertProjectFolder(projectDir: string): Promise<void> {
  const info = await stat(projectDir).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new UserError(`project folder ${projectDir} does not exist`,
      "pass -p/--project DIR, or run `dazzle init DIR` to create one");
  }
}
