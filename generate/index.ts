/**
 * `deploy generate` as a function: render the `infra/` CDK app, synthesize the same stacks in
 * process, refuse what would destroy deployed data (unless accepted), and replace our files and
 * the record of the templates in one transaction (transaction.ts), under a lock (lock.ts).
 */
import { dirname, join, relative, sep } from "node:path";
import packageJson from "../package.json" with { type: "json" };
import type { AWSRequirements } from "../ir/aws-requirements.ts";
import type { DeployConfig } from "../ir/deploy-config.ts";
import { applyAcknowledgements, baselineRules, resourceKey, runRules, type AcknowledgedFinding,
  type Acknowledgement, type PreflightStack } from "../preflight/index.ts";
import { synthesize, type SynthResult } from "../synth/index.ts";
import { buildInfraVersion, readRecord, recordBaseline, renderInfraRecord, templatesFolder,
  type AcceptedChange, type InfraVersionFile } from "../versioning/index.ts";
import type { InfraFileSystem } from "./infra-file-system.ts";
import { infraSources } from "./infra-sources.ts";
import { acquireGenerateLock, type LockEnvironment } from "./lock.ts";
import { renderInfraApp, type InfraPackageVersions } from "./render-infra-app.ts";
import { commitInfraChanges, completeInterrupted, prepareStaging, stagingFolder,
  type InfraChanges } from "./transaction.ts";
import { InfraFileError, planInfraApp, type WriteSummary } from "./write-infra-app.ts";

export { InfraPathError } from "./infra-paths.ts";
export { GenerateLockedError, localLockEnvironment } from "./lock.ts";
export { nodeFileSystem } from "./node-file-system.ts";
export { customModuleAddsCode, customModulePath } from "./render-infra-app.ts";
export { InfraFileError } from "./write-infra-app.ts";

export interface GenerateOptions {
  readonly infraDir: string;
  /** The project folder: a Dockerfile image's build context is relative to it. */
  readonly projectDir?: string;
  readonly dazzleVersion: string;
  readonly fs: InfraFileSystem;
  /** Clock for the version file's `generated_at` (reused when nothing changed). */
  readonly now: () => Date;
  /** Who we are for the generate lock, and how to tell a dead holder. */
  readonly lock: LockEnvironment;
  /** Overwrite files in infra/ that are not ours (a user's README.md, package.json, ...). */
  readonly force?: boolean;
  /** Record the new templates even when they replace or remove stateful resources. */
  readonly acceptDestructive?: boolean;
  /** dazzle-acknowledgements.toml: an acknowledged change is accepted with its reason. */
  readonly acknowledgements?: readonly Acknowledgement[];
}

export interface GenerateResult {
  readonly files: WriteSummary;
  readonly synth: SynthResult;
  readonly version: InfraVersionFile;
  /** Destructive changes this generation accepted (noted in the record). */
  readonly accepted: readonly AcceptedChange[];
  /** A previous generate crashed after its commit point and was completed first. */
  readonly completedInterrupted: boolean;
}

/**
 * generate refused to write: the findings (blocking changes against the record) or the foreign
 * files in the way. infra/ is unchanged.
 */
export class GenerateRefusedError extends Error {
  override readonly name = "GenerateRefusedError";
  constructor(message: string, readonly hint: string,
    readonly findings: readonly AcknowledgedFinding[] = [],
    readonly conflicts: readonly string[] = []) {
    super(message);
  }
}

/** The versions this binary was built with: the generated app pins exactly these. */
export const infraPackageVersions: InfraPackageVersions = {
  awsCdkLib: packageJson.dependencies["aws-cdk-lib"],
  constructs: packageJson.dependencies.constructs,
  awsCdkCli: packageJson.devDependencies["aws-cdk"],
  tsNode: packageJson.devDependencies["ts-node"],
  typescript: packageJson.devDependencies.typescript,
  typesNode: packageJson.devDependencies["@types/node"],
};

export function generateInfra(aws: AWSRequirements, config: DeployConfig,
  options: GenerateOptions): GenerateResult {
  const { infraDir, fs } = options;
  const kind = fs.kind(infraDir);
  if (kind === "file" || kind === "other") {
    throw new InfraFileError(`${infraDir} is ${kind === "file" ? "a file" : "not a folder"}; ` +
      "dazzle generates the CDK app into a folder (--out DIR)");
  }
  fs.makeDirectory(infraDir);
  const release = acquireGenerateLock(infraDir, fs, options.lock);
  try {
    const interrupted = completeInterrupted(infraDir, fs);
    const prepared = prepareGeneration(aws, config, options);
    try {
      commitInfraChanges(infraDir, prepared.changes, fs);
    } catch (error) {
      fs.remove(join(infraDir, stagingFolder));
      throw error;
    }
    return { ...prepared.result, completedInterrupted: interrupted === "completed" };
  } finally {
    release();
  }
}

/**
 * Everything up to the transaction's commit: synthesis into the staging folder, the checks
 * against the record, and the changes to make. Writes only into the staging folder (which it
 * empties on failure). The caller holds the lock and commits `changes`.
 */
export function prepareGeneration(aws: AWSRequirements, config: DeployConfig,
  options: GenerateOptions
): {
  changes: InfraChanges;
  result: Omit<GenerateResult, "completedInterrupted">;
} {
  const { infraDir, fs } = options;
  const projectDir = options.projectDir ?? dirname(infraDir);
  const rendered = renderInfraApp(aws, infraSources(), infraPackageVersions, options.dazzleVersion,
    relative(infraDir, projectDir).split(sep).join("/") || ".");
  const staging = prepareStaging(infraDir, fs);
  try {
    // Synthesize before anything else: a plan the stacks refuse leaves infra/ untouched.
    const synth = synthesize(aws, { outDir: join(staging, "cdk.out"), projectDir });
    const record = readRecord(infraDir);
    const accepted = acceptChanges(aws, config, synth, infraDir, options, record);
    const app = planInfraApp(infraDir, rendered, fs, { force: options.force === true });
    if (app.conflicts.length > 0) {
      throw new GenerateRefusedError(`${infraDir} already has ${app.conflicts.join(", ")}, ` +
        "which dazzle did not generate; nothing was written",
        "pass --force to overwrite them, or generate into an empty folder (--out DIR)", [],
        app.conflicts);
    }
    const { app: name, environment, region, account } = aws;
    const meta = { dazzleVersion: options.dazzleVersion, environment, acceptedChanges: accepted,
      deployment: { app: name, environment, region, ...(account ? { account } : {}) } };
    const previous = record.recorded?.version;
    const fresh = buildInfraVersion(synth.stacks, { ...meta, generatedAt: "" });
    // Same templates as last time: keep the timestamp, so regeneration changes no byte.
    const generatedAt = previous?.version === fresh.version &&
        previous.dazzle_version === fresh.dazzle_version && accepted.length === 0
      ? previous.generated_at
      : options.now().toISOString();
    const { version, files: recordFiles } = renderInfraRecord(synth, { ...meta, generatedAt });
    const files = new Map(app.files);
    for (const [path, text] of recordFiles) {
      if (readOrUndefined(fs, join(infraDir, path)) !== text) files.set(path, text);
    }
    const keep = new Set(synth.stacks.map((stack) => `${stack.id}.json`));
    const staleTemplates = fs.list(join(infraDir, templatesFolder))
      .filter((entry) => entry.endsWith(".json") && !keep.has(entry))
      .map((entry) => `${templatesFolder.split(sep).join("/")}/${entry}`);
    const changes: InfraChanges = {
      files,
      removals: [...app.removals, ...staleTemplates],
      folders: [{ staged: `${stagingFolder}/cdk.out`, target: "cdk.out" }],
    };
    return { changes,
      result: { files: app.summary, synth: { ...synth, outDir: join(infraDir, "cdk.out") }, version,
        accepted } };
  } catch (error) {
    fs.remove(staging);
    throw error;
  }
}

/**
 * The changes against the record that would destroy deployed data (the preflight rules that
 * compare with a baseline, at their blocking severity): refused unless acknowledged or
 * `acceptDestructive`; the accepted ones are noted in the new record.
 */
function acceptChanges(aws: AWSRequirements, config: DeployConfig, synth: SynthResult,
  infraDir: string, options: GenerateOptions,
  record: ReturnType<typeof readRecord>): AcceptedChange[] {
  const stacks = synth.stacks.map((stack) => ({ id: stack.id, stackName: stack.stackName,
    template: stack.template })
  ) as unknown as PreflightStack[];
  const baseline = recordBaseline(infraDir, record);
  const findings = runRules({ stacks, config, aws, baseline }, baselineRules)
    .filter((finding) => finding.severity === "critical");
  const marked = applyAcknowledgements(findings, options.acknowledgements ?? []).findings;
  const refused = marked.filter((finding) => finding.acknowledged === undefined);
  const [problem] = baseline.problems;
  if (refused.length > 0 && options.acceptDestructive !== true && problem !== undefined) {
    // Not a change: the record itself is unusable, so no change can be judged against it.
    throw new GenerateRefusedError(`the record of the last generate could not be read or ` +
      `verified (${problem.message}), so changes cannot be judged against it; nothing was ` +
      "written",
      "restore infra/ as committed after the last deploy (git checkout -- infra/), or pass " +
        "--accept-destructive to record the current templates anew, accepting whatever they " +
        "change", refused);
  }
  if (refused.length > 0 && options.acceptDestructive !== true) {
    throw new GenerateRefusedError(`the new templates would destroy or orphan deployed data ` +
      `(${refused.length} change${refused.length === 1 ? "" : "s"} against the record); ` +
      "nothing was written",
      "revert the change in dazzle.toml or the DSL; or, if the data is disposable or migrated, " +
        "acknowledge each change in dazzle-acknowledgements.toml with a reason, or pass " +
        "--accept-destructive", refused);
  }
  return marked.map((finding) => ({
    check: finding.ruleId,
    resource: resourceKey(finding),
    message: finding.message,
    reason: finding.acknowledged?.reason ?? "--accept-destructive",
  }));
}

function readOrUndefined(fs: InfraFileSystem, path: string): string | undefined {
  try {
    return fs.readText(path);
  } catch {
    return undefined; // Replaced by the transaction either way.
  }
}
