/**
 * `dazzle deploy plan`: what would be deployed, without synthesizing: stacks and their main
 * resources, the TigerBeetle topology, key settings and the app's environment variables.
 */
import { renderPlanSummary } from "../../plan/summary.ts";
import type { CommandContext } from "../command.ts";
import { jsonFlag, projectFlag } from "../common-flags.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { planProject } from "../plan-project.ts";
import { resolveProjectDir } from "../project.ts";

export const usage = `dazzle deploy plan [-p DIR] [--json]
Show the deployment the project describes: stacks, main resources, the TigerBeetle replica →
AZ → address layout, key settings and the environment variables the app receives.

Examples:
  dazzle deploy plan
  dazzle deploy plan -p examples/wallet --json | jq .aws.tigerbeetle.addresses`;

export const flags: FlagSpecs = {
  project: projectFlag,
  json: { ...jsonFlag, description: "print {appSpec, infra, aws, diagnostics} as JSON" },
};

export async function run(context: CommandContext): Promise<number> {
  const parsed = parseFlags(context.args, flags, { positionalsMax: 0 });
  const projectDir = resolveProjectDir(context, parsed.values["project"]);
  const plan = await planProject(context, projectDir);
  if (parsed.values["json"] === true) {
    const document = { appSpec: plan.appSpec, infra: plan.infra, aws: plan.aws,
      diagnostics: plan.diagnostics };
    context.stdout(JSON.stringify(document, null, 2) + "\n");
  } else {
    context.stdout(renderPlanSummary(plan.infra, plan.aws));
  }
  return 0;
}
