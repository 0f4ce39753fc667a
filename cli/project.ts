/**
 * What every project command does first: run the pipeline (pipeline/) over the project folder
 * and report its diagnostics and, with `--verbose`, its stages (cli/reporter.ts). A deploy
 * command stops there when anything is an error (ExitError(1), already reported).
 */
import { join, resolve } from "node:path";
import type { DeployConfig } from "../ir/deploy-config.ts";
import { isPlanned, runPipeline, synthesizeProject, type PlannedProject,
  type ProjectRun } from "../pipeline/index.ts";
import type { SynthOptions, SynthResult } from "../synth/index.ts";
import type { CommandContext } from "./command.ts";
import { ExitError, UsageError, UserError } from "./errors.ts";
import { withProgressAsync } from "./progress.ts";
import { reportDiagnostics, reportStages } from "./reporter.ts";
import { dazzleVersion } from "./version.ts";

/** `-p/--project DIR` relative to the working folder; the working folder when absent. */
export function resolveProjectDir(context: CommandContext, flagValue: unknown): string {
  if (flagValue !== undefined && (typeof flagValue !== "string" || flagValue === "")) {
    throw new UsageError("flag '--project' needs a folder");
  }
  return resolve(context.cwd, flagValue ?? ".");
}

/** `--env NAME`, else `DAZZLE_ENV`: the environment of dazzle.toml a command works on. */
export function selectedEnvironment(context: CommandContext, flagValue: unknown):
  | string
  | undefined {
  if (flagValue !== undefined && (typeof flagValue !== "string" || flagValue === "")) {
    throw new UsageError("flag '--env' needs an environment name");
  }
  return flagValue ?? (context.env["DAZZLE_ENV"] || undefined);
}

/**
 * Where `deploy generate` writes the CDK app and the checks find its record: `infra/`, or
 * `infra/<environment>/` when dazzle.toml describes several environments (each its own app,
 * templates and record).
 */
function defaultInfraDir(projectDir: string, config: DeployConfig): string {
  return config.environments === undefined ?
    join(projectDir, "infra")
    : join(projectDir, "infra", config.environment);
}

/**
 * A folder flag (`--out`, `--infra`) relative to the working folder; undefined when absent.
 * Given empty, it is a usage error, not silently the default.
 */
export function folderFlag(context: CommandContext, name: string, flagValue: unknown):
  | string
  | undefined {
  if (flagValue === undefined) return undefined;
  if (typeof flagValue !== "string" || flagValue === "") {
    throw new UsageError(`flag '--${name}' needs a folder`);
  }
  return resolve(context.cwd, flagValue);
}

/** A deploy command's project, planned, and the folder it was pointed at. */
export interface DeployCommandProject {
  readonly projectDir: string;
  readonly planned: PlannedProject;
  /** The folder flag (`--out`, `--infra`) resolved, or undefined when absent. */
  readonly folder: string | undefined;
  /** Where `generate` writes this environment's CDK app by default (defaultInfraDir). */
  readonly infraDir: string;
}

/**
 * The common start of the deploy commands that read or write `infra/`: `-p`, the folder flag
 * and `--env` are checked before the (slow) pipeline runs, then the project is planned.
 */
export async function planDeployCommand(
  context: CommandContext,
  values: Readonly<Record<string, unknown>>,
  folderFlagName: "out" | "infra",
  options: PlanProjectOptions = {},
): Promise<DeployCommandProject> {
  const projectDir = resolveProjectDir(context, values["project"]);
  const folder = folderFlag(context, folderFlagName, values[folderFlagName]);
  const planned = await planProject(context, projectDir,
    selectedEnvironment(context, values["env"]), options);
  return { projectDir, planned, folder, infraDir: defaultInfraDir(projectDir, planned.config) };
}

/** The stage clock: monotonic, milliseconds. */
const clock = () => performance.now();

/**
 * Runs the pipeline for `purpose`. A missing project folder is a UserError for every command;
 * everything else comes back as the run's diagnostics, for the command to report.
 */
export async function runProjectPipeline(
  context: CommandContext,
  projectDir: string,
  purpose: "check" | "deploy",
  environment?: string,
): Promise<ProjectRun> {
  const run = await runPipeline(projectDir, { dazzleVersion, purpose, clock,
    ...(environment !== undefined ? { environment } : {}) });
  const missing = run.diagnostics.find((d) => d.code === "project/folderMissing");
  if (missing) throw new UserError("project/folderMissing", missing.message, missing.hint);
  reportStages(context, run.stages);
  return run;
}

export interface PlanProjectOptions {
  /**
   * Show the plan's warnings about the stacks it would deploy (default true). A command that
   * only reads names from the plan (the cluster's status, the artifacts upload) leaves them to
   * `--verbose`: they are not about what it does.
   */
  readonly planWarnings?: boolean;
  /**
   * Called with the run of a project that does not plan, after its diagnostics are reported and
   * before the command ends with exit 1: a machine-readable format still prints its document.
   */
  readonly onInvalid?: (run: ProjectRun) => void;
}

/**
 * The first step of every deploy command: the project, planned. Diagnostics go to stderr; any
 * error ends the command with exit 1 after saying nothing was done.
 */
export async function planProject(
  context: CommandContext,
  projectDir: string,
  environment?: string,
  options: PlanProjectOptions = {},
): Promise<PlannedProject> {
  const run = await runProjectPipeline(context, projectDir, "deploy", environment);
  const shown = options.planWarnings === false && !context.verbose
    ? run.diagnostics.filter((d) => d.severity === "error" || !d.code.startsWith("plan/"))
    : run.diagnostics;
  reportDiagnostics(context, projectDir, shown, run.sources);
  if (isPlanned(run)) return run;
  options.onInvalid?.(run);
  const errors = run.diagnostics.filter((d) => d.severity === "error").length;
  context.stderr(`\n${errors} error${errors === 1 ? "" : "s"}; nothing was done\n`);
  throw new ExitError(1);
}

/** The synth stage for a command: the templates, with the stage reported under `--verbose`. */
export async function synthesizeForCommand(
  context: CommandContext,
  planned: PlannedProject,
  options: SynthOptions,
): Promise<SynthResult> {
  const { result, stage } = await withProgressAsync(context, "synthesizing the stacks",
    () => synthesizeProject(planned, options, clock));
  reportStages(context, [stage]);
  return result;
}
