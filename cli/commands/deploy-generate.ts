/**
 * `dazzle deploy generate`: write `infra/`, a readable TypeScript CDK app that builds the same
 * stacks as `deploy synth` (same constructs, same AWSRequirements), plus the infra version file.
 */
import { relative, resolve } from "node:path";
import { generateInfra } from "../../generate/index.ts";
import { nodeFileSystem } from "../../generate/node-file-system.ts";
import type { CommandContext } from "../command.ts";
import { projectFlag } from "../common-flags.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { planProject } from "../plan-project.ts";
import { resolveProjectDir } from "../project.ts";
import { dazzleVersion } from "../version.ts";

export const usage = `dazzle deploy generate [-p DIR] [--out DIR]
Write the project's AWS CDK app (TypeScript) into infra/ (or --out): package.json with pinned
aws-cdk-lib and aws-cdk, cdk.json, bin/app.ts, lib/ and aws-requirements.json. \`npx cdk synth\`
in it gives the same templates as \`dazzle deploy synth\`. lib/custom.ts is yours: created once,
never overwritten. Regenerating an unchanged project changes no file.

Examples:
  dazzle deploy generate && cd infra && npm install && npx cdk deploy --all
  dazzle deploy generate -p my-app --out /tmp/my-app-infra`;

export const flags: FlagSpecs = {
  project: projectFlag,
  out: { type: "string", valueName: "DIR", description: "infra folder (default: <project>/infra)" },
};

export async function run(context: CommandContext): Promise<number> {
  const parsed = parseFlags(context.args, flags, { positionalsMax: 0 });
  const projectDir = resolveProjectDir(context, parsed.values["project"]);
  const outFlag = parsed.values["out"];
  const infraDir = typeof outFlag === "string" && outFlag !== ""
    ? resolve(context.cwd, outFlag)
    : resolve(projectDir, "infra");
  const plan = await planProject(context, projectDir);
  const result = generateInfra(plan.aws, {
    infraDir, projectDir, dazzleVersion, fs: nodeFileSystem, now: () => new Date(),
  });
  const shown = relative(context.cwd, infraDir) || ".";
  const { files } = result;
  context.stdout(`${shown}: ${files.written.length} files written, ${files.unchanged.length} ` +
    `unchanged, ${files.removed.length} removed` +
    (files.created.length > 0 ? `, created ${files.created.join(", ")}` : "") + "\n");
  context.stdout(`infra version ${result.version.version} (${result.synth.stacks.length} stacks: ` +
    `${result.synth.stacks.map((stack) => stack.id).join(", ")})\n`);
  if (!context.quiet) {
    context.stdout(`next: cd ${shown} && npm install && npx cdk deploy --all\n`);
  }
  return 0;
}
