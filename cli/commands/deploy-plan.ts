/**
 * `dazzle deploy plan`: what would be deployed, without synthesizing: stacks and their main
 * resources, the TigerBeetle topology, key settings and the app's environment variables.
 */
import { renderPlanSummary } from "../../plan/index.ts";
import type { CommandContext } from "../command.ts";
import { jsonFlag, envFlag, projectFlag } from "../common-flags.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { planProject, resolveProjectDir, selectedEnvironment } from "../project.ts";
import { withShownPaths } from "../reporter.ts";

export const usage = `dazzle deploy plan [-p DIR] [--json]
Show the deployment the project describes: stacks, main resources, the TigerBeetle replica →
AZ → address layout, key settings and the environment variables the app receives.

Examples:
  dazzle deploy plan
  dazzle deploy plan -p examples/wallet --json | jq .aws.tigerbeetle.addresses`;

export const flags: FlagSpecs = {
  project: projectFlag,
  env: envFlag,
  json: { ...jsonFlag, description: "print {appSpec, infra, aws, diagnostics} as JSON" },
};

export async function run(context: CommandContext): Promise<number> {
  const parsed = parseFlags(context.args, flags, { positionalsMax: 0 });
  const projectDir = resolveProjectDir(context, parsed.values["project"]);
  const planned = await planProject(context, projectDir,
    selectedEnvironment(context, parsed.values["env"]));
  if (parsed.values["json"] === true) {
    const diagnostics = withShownPaths(context, projectDir, planned.diagnostics);
    const document = { appSpec: planned.appSpec, infra: planned.plan.infra, aws: planned.plan.aws,
      diagnostics };
    context.stdout(JSON.stringify(document, null, 2) + "\n");
  } else {
    context.stdout(renderPlanSummary(planned.plan.infra, planned.plan.aws));
  }
  return 0;
}
