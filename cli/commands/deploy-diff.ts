/**
 * `dazzle deploy diff`: what would regenerating change, compared with the version recorded by
 * the last `deploy generate` (infra/.dazzle-infra-version.json and its stored templates)?
 * Exit 0 no changes, 1 changes, 2 error (so CI can gate on it).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { PlannedProject } from "../../pipeline/index.ts";
import {
  buildInfraVersion,
  diffInfra,
  InfraVersionError,
  readRecordedInfra,
  versionFileName,
  type InfraDiff,
  type InfraVersionFile,
  type PropertyChange,
  type RecordedInfra,
} from "../../versioning/index.ts";
import type { CommandContext } from "../command.ts";
import { jsonFlag, projectFlag } from "../common-flags.ts";
import { ExitError, UserError } from "../errors.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { paint } from "../output.ts";
import { planProject, resolveProjectDir, synthesizeForCommand } from "../project.ts";
import { synthFailureAsUserError } from "../synth-failure.ts";
import { dazzleVersion } from "../version.ts";

export const usage = `dazzle deploy diff [-p DIR] [--json]
Compare what would be generated now with the version recorded in infra/${versionFileName}
and list added, modified and removed stacks; for modified stacks, the resources added,
removed, modified and replaced. Replacing or removing a stateful resource (TigerBeetle data
volume, database, bucket) is flagged DESTRUCTIVE. With no recorded version yet (a first
deploy), every stack is added.
Exit codes: 0 no changes, 1 changes, 2 error.

Examples:
  dazzle deploy diff
  dazzle deploy diff -p my-app --json`;

export const flags: FlagSpecs = {
  project: projectFlag,
  infra: { type: "string", valueName: "DIR",
    description: "where `deploy generate` wrote (default: <project>/infra)" },
  json: jsonFlag,
};

const errorExitCode = 2;

export async function run(context: CommandContext): Promise<number> {
  const parsed = parseFlags(context.args, flags, { positionalsMax: 0 });
  const projectDir = resolveProjectDir(context, parsed.values["project"]);
  const infraFlag = parsed.values["infra"];
  const recorded = readRecorded(typeof infraFlag === "string" && infraFlag !== ""
    ? resolve(context.cwd, infraFlag) : join(projectDir, "infra"));
  const planned = await planProject(context, projectDir).catch((error: unknown) => {
    throw asDiffFailure(error);
  });
  const outDir = mkdtempSync(join(tmpdir(), "dazzle-diff-"));
  try {
    const current = await synthesizeForDiff(context, planned, outDir, projectDir);
    const version = buildInfraVersion(current, { dazzleVersion,
      environment: planned.plan.aws.environment,
      generatedAt: new Date(0).toISOString() });
    const diff = diffInfra(recorded?.templates ?? new Map(), current);
    context.stdout(parsed.values["json"] === true
      ? renderDiffJson(recorded?.version, version.version, diff)
      : renderDiffText(context, recorded?.version, version.version, diff));
    return diff.stacks.length === 0 ? 0 : 1;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The recorded state, or undefined before the first `deploy generate` (nothing recorded). */
/** Exit 1 means "changes" to a CI gate, so every failure of diff must exit 2. */
function asDiffFailure(error: unknown): unknown {
  if (error instanceof ExitError) return new ExitError(errorExitCode);
  const userError = error instanceof UserError ? error : synthFailureAsUserError(error);
  return userError
    ? new UserError(userError.code, userError.message, userError.hint, errorExitCode)
    : error;
}

async function synthesizeForDiff(context: CommandContext, planned: PlannedProject,
  outDir: string, projectDir: string) {
  try {
    return (await synthesizeForCommand(context, planned, { outDir, projectDir })).stacks;
  } catch (error) {
    throw asDiffFailure(error);
  }
}

function readRecorded(infraDir: string): RecordedInfra | undefined {
  let recorded: RecordedInfra | undefined;
  try {
    recorded = readRecordedInfra(infraDir);
  } catch (error) {
    if (error instanceof InfraVersionError) {
      throw new UserError("versioning/unreadableRecord", error.message, error.hint,
        errorExitCode);
    }
    throw error;
  }
  return recorded;
}

function renderDiffJson(recorded: InfraVersionFile | undefined, current: string,
  diff: InfraDiff) {
  return JSON.stringify({
    recorded: recorded ? { version: recorded.version, generated_at: recorded.generated_at,
      dazzle_version: recorded.dazzle_version, environment: recorded.environment } : null,
    current: { version: current },
    changed: diff.stacks.length > 0,
    stacks: diff.stacks,
    destructive: diff.destructive,
  }, null, 2) + "\n";
}

function describeProperty(change: PropertyChange): string {
  if (change.before === undefined && change.after === undefined) return change.name;
  const show = (value: unknown) => value === undefined ? "(unset)" : JSON.stringify(value);
  return `${change.name} ${show(change.before)} → ${show(change.after)}`;
}

const stackMarks = { added: "+", removed: "-", modified: "~" } as const;
const resourceMarks = { added: "+", removed: "-", modified: "~", replaced: "!" } as const;

function renderDiffText(
  context: CommandContext,
  recorded: InfraVersionFile | undefined,
  current: string,
  diff: InfraDiff,
): string {
  const lines = [recorded
    ? `recorded ${recorded.version} (${recorded.environment}, generated ` +
      `${recorded.generated_at} by dazzle ${recorded.dazzle_version}) → now ${current}`
    : `nothing recorded yet (no ${versionFileName}: a first deploy) → now ${current}`];
  if (diff.stacks.length === 0) return `${lines[0]}\nno changes\n`;
  for (const stack of diff.stacks) {
    lines.push(`${stackMarks[stack.change]} ${stack.name} (${stack.change}, ` +
      `${stack.resources.length} resource change${stack.resources.length === 1 ? "" : "s"})`);
    if (stack.change !== "modified") continue;
    for (const resource of stack.resources) {
      const cause = resource.replacedBy.length > 0 ? ` by ${resource.replacedBy.join(", ")}`
        : resource.properties.length > 0 ? `: ${resource.properties.map(describeProperty)
          .join(", ")}` : "";
      const danger = resource.destructive ? paint(context.color, "red",
        ` DESTRUCTIVE: ${resource.statefulKind ?? "stateful resource"} ${resource.change}`) : "";
      lines.push(`    ${resourceMarks[resource.change]} ${resource.logicalId}  ${resource.type}  ` +
        `${resource.change}${cause}${danger}`);
    }
  }
  for (const removed of diff.destructive.filter((d) =>
    diff.stacks.some((s) => s.name === d.stack && s.change === "removed"))) {
    lines.push(paint(context.color, "red", `DESTRUCTIVE: ${removed.stack}/${removed.logicalId} ` +
      `(${removed.statefulKind}) removed with its stack` +
      `${removed.removal === "retained" ? " (retained in AWS, detached)" : ""}`));
  }
  const counts = ["added", "modified", "removed"].map((kind) =>
    `${diff.stacks.filter((s) => s.change === kind).length} ${kind}`);
  lines.push(`${counts.join(", ")} stack(s); ${diff.destructive.length} destructive change(s)`);
  return lines.join("\n") + "\n";
}
