/**
 * `dazzle deploy synth`: synthesize every stack in process, with the aws-cdk-lib embedded in
 * the binary, into a cloud assembly (`cdk deploy --app DIR` can deploy it).
 */
import { join, relative } from "node:path";
import type { CommandContext } from "../command.ts";
import { envFlag, projectFlag } from "../common-flags.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { planDeployCommand, synthesizeForCommand } from "../project.ts";

export const usage = `dazzle deploy synth [-p DIR] [--out DIR]
Synthesize the CloudFormation templates of every stack into a cloud assembly
(default: <project>/infra/cdk.out) and list the stacks written.

Examples:
  dazzle deploy synth
  dazzle deploy synth -p my-app --out /tmp/cdk.out`;

export const flags: FlagSpecs = {
  project: projectFlag,
  env: envFlag,
  out: { type: "string", valueName: "DIR",
    description: "cloud assembly folder (default: <project>/infra/cdk.out)" },
};

export async function run(context: CommandContext): Promise<number> {
  const parsed = parseFlags(context.args, flags, { positionalsMax: 0 });
  const { projectDir, planned, folder, infraDir } = await planDeployCommand(context, parsed.values,
    "out");
  const outDir = folder ?? join(infraDir, "cdk.out");
  const result = await synthesizeForCommand(context, planned, { outDir, projectDir });
  const relativeOut = relative(context.cwd, result.outDir);
  const shownOut = relativeOut === "" ? "." : relativeOut.startsWith("..") ?
    result.outDir
    : relativeOut;
  for (const stack of result.stacks) {
    const resources = Object.keys((stack.template["Resources"] ?? {}) as object).length;
    context.stdout(`${stack.stackName}  ${resources} resources  ${shownOut}/${stack.id}` +
      ".template.json\n");
  }
  return 0;
}
