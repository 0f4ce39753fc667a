/**
 * `dazzle deploy diff`: what deploying now would change, compared with a baseline — the stacks
 * deployed in the project's account and region, or the record of the last `deploy generate`
 * (`--against`; see cli/baseline-choice.ts) — and what it checks: the templates synthesized in
 * process, or the cloud assembly of the infra/ app (`--assembly`). Alongside the stack and
 * resource changes, the change checks of preflight (destructive changes, TigerBeetle replica
 * count, version, cluster id, a moved deployment) against the same baseline.
 * Exit 0 no changes, 1 changes, 2 error — including a baseline that cannot be read or verified.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlannedProject } from "../../pipeline/index.ts";
import { changeRules, resourceKey, runRules, type Finding,
  type PreflightStack } from "../../preflight/index.ts";
import type { SynthesizedStack } from "../../synth/index.ts";
import { buildInfraVersion, diffInfra, type Baseline, type InfraDiff,
  type PropertyChange } from "../../versioning/index.ts";
import { againstFlag, readBaseline } from "../baseline-choice.ts";
import { assemblyFlag, assemblyFolder, readAssemblyStacks } from "../checked-templates.ts";
import type { CommandContext } from "../command.ts";
import { jsonFlag, envFlag, projectFlag } from "../common-flags.ts";
import { ExitError, UserError } from "../errors.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { paint } from "../output.ts";
import { planDeployCommand, synthesizeForCommand } from "../project.ts";
import { synthFailureAsUserError } from "../synth-failure.ts";
import { dazzleVersion } from "../version.ts";

export const usage = `dazzle deploy diff [-p DIR] [--against deployed|record] [--assembly DIR]
                   [--json]
Compare what would be deployed now with a baseline and list added, modified and removed
stacks; for modified stacks, the resources added, removed, modified and replaced. Replacing
or removing a stateful resource (TigerBeetle data volume, database, bucket) is flagged
DESTRUCTIVE; TigerBeetle replica count, version and cluster id changes and a moved deployment
(app, environment, region, account) are flagged too. The baseline is the stacks deployed in
the project's account and region (--against deployed, the default when AWS credentials
resolve) or the record of the last \`deploy generate\` (--against record); the first line
says which. With --assembly, the cloud assembly of \`npx cdk synth\` in infra/ is compared
(required when infra/lib/custom.ts adds code).
Exit codes: 0 no changes, 1 changes, 2 error (also: a baseline that cannot be read or verified).

Examples:
  dazzle deploy diff
  dazzle deploy diff --against record --json
  (cd infra && npx cdk synth --quiet) && dazzle deploy diff --assembly infra/cdk.out`;

export const flags: FlagSpecs = {
  project: projectFlag,
  env: envFlag,
  infra: { type: "string", valueName: "DIR",
    description: "where `deploy generate` wrote (default: <project>/infra)" },
  against: againstFlag,
  assembly: assemblyFlag,
  json: jsonFlag,
};

const errorExitCode = 2;

export async function run(context: CommandContext): Promise<number> {
  const parsed = parseFlags(context.args, flags, { positionalsMax: 0 });
  const project = await planDeployCommand(context, parsed.values, "infra")
    .catch((error: unknown) => {
      throw asDiffFailure(error);
    });
  const { projectDir, planned } = project;
  const infraDir = project.folder ?? project.infraDir;
  const assembly = assemblyFolder(context, parsed.values["assembly"], infraDir, "deploy diff");
  const outDir = mkdtempSync(join(tmpdir(), "dazzle-diff-"));
  try {
    const current = assembly !== undefined ?
      readAssemblyStacks(assembly, errorExitCode)
      : await synthesizeForDiff(context, planned, outDir, projectDir);
    const baseline = await readBaseline(context, { against: parsed.values["against"],
      aws: planned.plan.aws, infraDir });
    const version = buildInfraVersion(current, { dazzleVersion,
      environment: planned.plan.aws.environment, generatedAt: new Date(0).toISOString() });
    const diff = diffInfra(baseline.templates, current);
    const findings = runRules({ stacks: current as unknown as PreflightStack[],
      config: planned.config, aws: planned.plan.aws, baseline }, changeRules);
    const checked = assembly !== undefined ? `the assembly ${assembly}` : "synthesized in process";
    context.stdout(parsed.values["json"] === true
      ? renderDiffJson(baseline, { version: version.version, checked }, diff, findings)
      : renderDiffText(context, baseline, `${version.version} (${checked})`, diff, findings));
    if (baseline.problems.length > 0) return errorExitCode;
    return diff.stacks.length === 0 && findings.length === 0 ? 0 : 1;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Exit 1 means "changes" to a CI gate, so every failure of diff must exit 2. */
function asDiffFailure(error: unknown): unknown {
  if (error instanceof ExitError) return new ExitError(errorExitCode);
  const userError = error instanceof UserError ? error : synthFailureAsUserError(error);
  return userError
    ? new UserError(userError.code, userError.message, userError.hint, errorExitCode)
    : error;
}

async function synthesizeForDiff(context: CommandContext, planned: PlannedProject, outDir: string,
  projectDir: string): Promise<SynthesizedStack[]> {
  try {
    return (await synthesizeForCommand(context, planned, { outDir, projectDir })).stacks;
  } catch (error) {
    throw asDiffFailure(error);
  }
}

function renderDiffJson(baseline: Baseline, current: { version: string; checked: string },
  diff: InfraDiff, findings: readonly Finding[]) {
  return JSON.stringify({
    baseline: { source: baseline.source, description: baseline.description,
      ...(baseline.version ? { version: baseline.version } : {}), problems: baseline.problems },
    current,
    changed: diff.stacks.length > 0,
    stacks: diff.stacks,
    destructive: diff.destructive,
    findings: findings.map((finding) => ({ ruleId: finding.ruleId, severity: finding.severity,
      resource: resourceKey(finding), message: finding.message, remediation: finding.remediation })
    ),
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
  baseline: Baseline,
  current: string,
  diff: InfraDiff,
  findings: readonly Finding[],
): string {
  const red = (text: string) => paint(context.color, "red", text);
  const lines = [`baseline: ${baseline.description}`, `now: ${current}`];
  for (const problem of baseline.problems) {
    lines.push(red(`BASELINE_UNVERIFIED: ${problem.message}`) +
      (problem.hint ? `\n    fix: ${problem.hint}` : ""));
  }
  for (const stack of diff.stacks) {
    lines.push(`${stackMarks[stack.change]} ${stack.name} (${stack.change}, ` +
      `${stack.resources.length} resource change${stack.resources.length === 1 ? "" : "s"})`);
    if (stack.change !== "modified") continue;
    for (const resource of stack.resources) {
      const cause = resource.replacedBy.length > 0 ?
        ` by ${resource.replacedBy.join(", ")}`
        : resource.properties.length > 0 ?
        `: ${
          resource.properties.map(describeProperty)
            .join(", ")
        }` :
        "";
      const danger = resource.destructive ?
        red(
          ` DESTRUCTIVE: ${resource.statefulKind ?? "stateful resource"} ${resource.change}`,
        ) :
        "";
      lines.push(`    ${resourceMarks[resource.change]} ${resource.logicalId}  ${resource.type}  ` +
        `${resource.change}${cause}${danger}`);
    }
  }
  for (const removed of diff.destructive.filter((d) =>
    diff.stacks.some((s) => s.name === d.stack && s.change === "removed")
  )) {
    lines.push(red(`DESTRUCTIVE: ${removed.stack}/${removed.logicalId} ` +
      `(${removed.statefulKind}) removed with its stack` +
      `${removed.removal === "retained" ? " (retained in AWS, detached)" : ""}`));
  }
  for (const finding of findings.filter((f) => f.ruleId !== "BASELINE_UNVERIFIED")) {
    const text = `${finding.severity.toUpperCase()} ${finding.ruleId} ${resourceKey(finding)}: ` +
      finding.message;
    lines.push(finding.severity === "critical" || finding.severity === "high" ? red(text) : text);
  }
  if (diff.stacks.length === 0 && findings.length === 0 && baseline.problems.length === 0) {
    lines.push("no changes");
    return lines.join("\n") + "\n";
  }
  const counts = ["added", "modified", "removed"].map((kind) =>
    `${diff.stacks.filter((s) => s.change === kind).length} ${kind}`
  );
  lines.push(`${counts.join(", ")} stack(s); ${diff.destructive.length} destructive change(s)`);
  return lines.join("\n") + "\n";
}
