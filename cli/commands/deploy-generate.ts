/**
 * `dazzle deploy generate`: write `infra/`, a readable TypeScript CDK app that builds the same
 * stacks as `deploy synth` (same constructs, same AWSRequirements), plus the infra version file.
 * One transaction under a lock; refuses to record a destructive change unless accepted.
 */
import { relative } from "node:path";
import { UnreadableFileError } from "../../files/read-regular-file.ts";
import { GenerateLockedError, GenerateRefusedError, generateInfra, InfraFileError, InfraPathError,
  localLockEnvironment, nodeFileSystem } from "../../generate/index.ts";
import { acknowledgementsFileName, resourceKey } from "../../preflight/index.ts";
import { loadAcknowledgements } from "../acknowledgements-file.ts";
import type { CommandContext } from "../command.ts";
import { envFlag, projectFlag } from "../common-flags.ts";
import { UserError } from "../errors.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { withProgress } from "../progress.ts";
import { planDeployCommand } from "../project.ts";
import { dazzleVersion } from "../version.ts";

export const usage = `dazzle deploy generate [-p DIR] [--out DIR] [--force] [--accept-destructive]
Write the project's AWS CDK app (TypeScript) into infra/ (or --out): package.json with pinned
aws-cdk-lib and aws-cdk, cdk.json, bin/app.ts, lib/ and aws-requirements.json, and record the
templates (.dazzle-infra-version.json) that diff and preflight compare with. \`npx cdk synth\`
in it gives the same templates as \`dazzle deploy synth\`. lib/custom.ts is yours: created
once, never overwritten. Regenerating an unchanged project changes no file.
Refuses, and writes nothing, when the new templates would replace or remove stateful resources
(or change the TigerBeetle cluster, region, environment...) compared with the record, unless
each change is acknowledged in ${acknowledgementsFileName} or --accept-destructive is given;
the record notes what was accepted. Files in the folder that dazzle did not write are never
overwritten without --force.

Examples:
  dazzle deploy generate && cd infra && npm ci && npx cdk synth
  dazzle deploy generate -p my-app --out /tmp/my-app-infra`;

export const flags: FlagSpecs = {
  project: projectFlag,
  env: envFlag,
  out: { type: "string", valueName: "DIR", description: "infra folder (default: <project>/infra)" },
  force: { type: "boolean",
    description: "overwrite files in the folder that dazzle did not generate" },
  "accept-destructive": { type: "boolean",
    description: "record the new templates even if they destroy deployed data" },
  acknowledgements: { type: "string", valueName: "FILE",
    description: `acknowledgement file (default: <project>/${acknowledgementsFileName})` },
};

export async function run(context: CommandContext): Promise<number> {
  const parsed = parseFlags(context.args, flags, { positionalsMax: 0 });
  const project = await planDeployCommand(context, parsed.values, "out");
  const { projectDir, planned } = project;
  const infraDir = project.folder ?? project.infraDir;
  const acknowledgements = loadAcknowledgements(context, projectDir,
    parsed.values["acknowledgements"], "generate");
  const result = generateOrExplain(() =>
    generateInfra(planned.plan.aws, planned.config, {
      infraDir,
      projectDir,
      dazzleVersion,
      fs: nodeFileSystem,
      now: () => new Date(),
      lock: localLockEnvironment(),
      force: parsed.values["force"] === true,
      acceptDestructive: parsed.values["accept-destructive"] === true,
      acknowledgements,
    }), context);
  const shown = relative(context.cwd, infraDir) || ".";
  const { files } = result;
  if (result.completedInterrupted) {
    context.stderr(`note: completed the interrupted generation found in ${shown} first\n`);
  }
  for (const kept of files.kept) context.stderr(`warning: kept ${kept}\n`);
  for (const change of result.accepted) {
    context.stderr(`accepted ${change.check} ${change.resource} (${change.reason}): ` +
      `${change.message}\n`);
  }
  const written = files.written.length;
  context.stdout(`${shown}: ${written} file${written === 1 ? "" : "s"} written, ` +
    `${files.unchanged.length} unchanged, ${files.removed.length} removed` +
    (files.created.length > 0 ? `, created ${files.created.join(", ")}` : "") + "\n");
  context.stdout(`infra version ${result.version.version} (${result.synth.stacks.length} stacks: ` +
    `${result.synth.stacks.map((stack) => stack.id).join(", ")})\n`);
  if (!context.quiet) {
    context.stdout(`next (README.md, "First deploy"): cd ${shown} && npm ci && ` +
      "npx cdk bootstrap && npx cdk synth, then dazzle deploy preflight -p " +
      `${relative(infraDir, projectDir) || "."} --assembly cdk.out and npx cdk deploy --app ` +
      "cdk.out --all\n");
  }
  return 0;
}

/** The ways generate refuses bad input, as user errors (exit 1) with what to do. */
function generateOrExplain<T>(work: () => T, context: CommandContext): T {
  try {
    return withProgress(context, "generating the CDK app (synthesizing the stacks)", work);
  } catch (error) {
    if (error instanceof GenerateRefusedError) {
      for (const finding of error.findings) {
        context.stderr(`  ${finding.ruleId} (${finding.severity}) ${resourceKey(finding)}` +
          `${finding.span ? ` [${finding.span.file}:${finding.span.line}]` : ""}: ` +
          `${finding.message}\n`);
      }
      throw new UserError("generate/destructiveChange", error.message, error.hint);
    }
    if (error instanceof GenerateLockedError) {
      throw new UserError("generate/locked", error.message, error.hint);
    }
    if (error instanceof InfraFileError || error instanceof InfraPathError ||
      error instanceof UnreadableFileError) {
      throw new UserError("generate/unwritableInfra", error.message);
    }
    throw error;
  }
}
