/**
 * The one pipeline every project command runs: dazzle.toml → DeployConfig, dsl/ → AppSpec,
 * both → DeploymentPlan (and, for the commands that need templates, → synthesized stacks).
 * `dazzle check` runs exactly the stages `deploy plan` runs, so a project that checks clean plans
 * clean. User mistakes never throw: every stage's diagnostics come back in one sorted list, and
 * a stage whose inputs have errors is skipped (recorded as such), never run on half an input.
 *
 * Effects are passed in or confined here: the file reads of config/ and frontend/, and the
 * clock that times each stage for `--verbose`.
 */
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { loadDeployConfig } from "../config/index.ts";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { loadProject } from "../frontend/index.ts";
import type { AppSpec } from "../ir/appspec.ts";
import type { DeployConfig } from "../ir/deploy-config.ts";
import { planDeployment, type DeploymentPlan } from "../plan/index.ts";
import type { SynthOptions, SynthResult } from "../synth/index.ts";
import { deployDisabled, projectFolderMissing } from "./project-diagnostics.ts";

export type StageName = "config" | "frontend" | "plan" | "synth";

export interface StageRecord {
  readonly stage: StageName;
  /** `skipped`: an earlier stage had errors, so this one had no valid input. */
  readonly outcome: "ok" | "failed" | "skipped";
  readonly milliseconds: number;
  /** What the stage worked on, for `--verbose` (e.g. "12 files"). */
  readonly detail?: string;
}

export interface PipelineOptions {
  /** This binary's version: config defaults and the plan's agent-version check use it. */
  readonly dazzleVersion: string;
  /**
   * `deploy`: a deploy command runs, so `[deploy] enabled = false` is an error
   * (`config/deployDisabled`). `check`: the same stages, without that rule.
   */
  readonly purpose: "check" | "deploy";
  /** `--env` / `DAZZLE_ENV`: which environment of dazzle.toml to resolve. */
  readonly environment?: string;
  /** A monotonic clock in milliseconds (`performance.now`), for the stage timings only. */
  readonly clock: () => number;
}

/** What the pipeline produced. The optional parts are absent when their stage did not run. */
export interface ProjectRun {
  /** Absolute project folder. */
  readonly projectDir: string;
  /** Project-relative path → text of every file read (DSL files and dazzle.toml). */
  readonly sources: ReadonlyMap<string, string>;
  readonly dslFileCount: number;
  /** Every stage's diagnostics, sorted; spans are project-relative. */
  readonly diagnostics: readonly Diagnostic[];
  readonly stages: readonly StageRecord[];
  readonly config?: DeployConfig;
  readonly appSpec?: AppSpec;
  readonly plan?: DeploymentPlan;
}

/** A run whose every stage succeeded: the plan can be synthesized. */
export interface PlannedProject extends ProjectRun {
  readonly config: DeployConfig;
  readonly appSpec: AppSpec;
  readonly plan: DeploymentPlan;
}

export function isPlanned(run: ProjectRun): run is PlannedProject {
  return run.plan !== undefined && !hasErrors(run.diagnostics);
}

/** Runs config, frontend and plan over the project folder. Never throws for user mistakes. */
export async function runPipeline(
  projectDir: string,
  options: PipelineOptions,
): Promise<ProjectRun> {
  const folder = await stat(projectDir).catch(() => undefined);
  if (folder === undefined || !folder.isDirectory()) {
    return { projectDir, sources: new Map(), dslFileCount: 0,
      diagnostics: [projectFolderMissing(projectDir)], stages: [] };
  }
  const stages: StageRecord[] = [];
  const timed = <T>(stage: StageName, work: () => Promise<T>) =>
    timeStage(stage, options.clock, work);
  // One after the other, so each stage's time is its own.
  const configStage = await timed("config",
    () =>
      loadDeployConfig(projectDir, { dazzleVersion: options.dazzleVersion,
        ...(options.environment !== undefined ? { environment: options.environment } : {}) }));
  const frontendStage = await timed("frontend",
    () => loadProject(projectDir, configStage.value.project.dslFolders));
  const loadedConfig = configStage.value;
  const project = frontendStage.value;
  const configDiagnostics = [...loadedConfig.diagnostics];
  if (options.purpose === "deploy" && loadedConfig.config?.enabled === false) {
    configDiagnostics.push(deployDisabled(loadedConfig.config));
  }
  stages.push(configStage.record(hasErrors(configDiagnostics)),
    frontendStage.record(hasErrors(project.diagnostics), `${project.sources.size} files`));
  const sources = new Map(project.sources);
  if (loadedConfig.source) sources.set(loadedConfig.source.path, loadedConfig.source.text);
  const vocabulary = project.vocabularySource;
  if (vocabulary) sources.set(vocabulary.path, vocabulary.text);
  const earlier = [...configDiagnostics, ...project.diagnostics];
  const config = loadedConfig.config;
  const base = { projectDir, sources, dslFileCount: project.sources.size,
    ...(config ? { config } : {}), appSpec: project.appSpec };
  if (config === undefined || hasErrors(earlier)) {
    stages.push({ stage: "plan", outcome: "skipped", milliseconds: 0 });
    return { ...base, diagnostics: sortDiagnostics(earlier), stages };
  }
  // The app's name: the DSL's `app`, else dazzle.toml's [project] name, else the folder's.
  const projectName = loadedConfig.project.name ?? basename(projectDir);
  const planStage = await timed("plan", async () =>
    planDeployment(project.appSpec, config, {
      projectName,
      dazzleVersion: options.dazzleVersion,
    }));
  const plan = planStage.value;
  stages.push(
    planStage.record(hasErrors(plan.diagnostics), `${plan.aws.app}-${plan.aws.environment}`),
  );
  return { ...base, plan, diagnostics: sortDiagnostics([...earlier, ...plan.diagnostics]), stages };
}

/**
 * The synth stage: the plan's stacks, synthesized in process with the embedded aws-cdk-lib.
 * aws-cdk-lib is imported only here, when a command needs templates, so `check` and `deploy
 * plan` never pay for loading it. A stack refusing the plan throws (see cli/synth-failure.ts).
 */
export async function synthesizeProject(
  planned: PlannedProject,
  options: SynthOptions,
  clock: () => number,
): Promise<{ readonly result: SynthResult; readonly stage: StageRecord }> {
  const { synthesize } = await import("../synth/index.ts");
  const startedMs = clock();
  const result = synthesize(planned.plan.aws, options);
  return { result,
    stage: { stage: "synth", outcome: "ok", milliseconds: clock() - startedMs,
      detail: `${result.stacks.length} stacks` } };
}

async function timeStage<T>(stage: StageName, clock: () => number, work: () => Promise<T>) {
  const startedMs = clock();
  const value = await work();
  const milliseconds = clock() - startedMs;
  return {
    value,
    record: (failed: boolean, detail?: string): StageRecord => ({
      stage,
      outcome: failed ? "failed" : "ok",
      milliseconds,
      ...(detail !== undefined ? { detail } : {}),
    }),
  };
}

export { pipelineCodes, type DiagnosticCode } from "./codes.ts";
