/**
 * `dazzle deploy preflight`: synthesize what would be deployed, run the preflight rule table
 * (plus aws-cdk-lib's CloudFormation validation and cfn-lint when asked/available), and report.
 * Exit 1 when an unacknowledged finding at or above `--fail-on` remains. See docs/preflight.md.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, join, relative, resolve } from "node:path";
import { readCdkBootstrap } from "../../aws/cdk-bootstrap.ts";
import { ssmClient } from "../../aws/clients.ts";
import { defaultEnvironment, environmentNames } from "../../config/index.ts";
import { acknowledgementsFileName, bootstrapParameterName, invalidProjectReport, renderGithub,
  renderJson, renderSarif, renderText, runPreflight, runProcess, severities, summarize,
  type PreflightReport, type PreflightStack, type Severity } from "../../preflight/index.ts";
import { synthesize } from "../../synth/index.ts";
import { loadAcknowledgements } from "../acknowledgements-file.ts";
import { againstFlag, readBaseline } from "../baseline-choice.ts";
import { assemblyFlag, assemblyFolder, readAssemblyStacks } from "../checked-templates.ts";
import type { CommandContext } from "../command.ts";
import { envFlag, projectFlag } from "../common-flags.ts";
import { UsageError } from "../errors.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { operatorAws } from "../operator-aws.ts";
import { paint } from "../output.ts";
import { withProgress, withProgressAsync } from "../progress.ts";
import { planDeployCommand, selectedEnvironment } from "../project.ts";
import { dazzleVersion } from "../version.ts";

export const usage = `dazzle deploy preflight [-p DIR] [--format text|json|sarif|github]
                         [--fail-on critical|high|warn|info] [--validate] [--cfn-lint PATH]
                         [--against deployed|record] [--assembly DIR]
Check what would be deployed (the templates and the resolved dazzle.toml) before deploying.
The templates are synthesized in process, or read from the cloud assembly of \`npx cdk synth\`
in infra/ (--assembly; required when infra/lib/custom.ts adds code). Changes are judged
against the stacks deployed in the project's account and region (--against deployed, the
default when AWS credentials resolve) or the record of the last \`deploy generate\`
(--against record); a baseline that cannot be read or verified is a critical finding.
Exit 1 when an unacknowledged finding at or above --fail-on remains.
Accept a finding in ${acknowledgementsFileName} (check, resource, reason).

Examples:
  dazzle deploy preflight
  dazzle deploy preflight --validate --format sarif > preflight.sarif
  (cd infra && npx cdk synth --quiet) && dazzle deploy preflight --assembly infra/cdk.out`;

export const flags: FlagSpecs = {
  project: projectFlag,
  env: envFlag,
  format: { type: "string", valueName: "FORMAT", default: "text",
    description: "text (default), json, sarif (code scanning) or github (annotations)" },
  "fail-on": { type: "string", valueName: "SEVERITY", default: "high",
    description: "lowest severity that fails: critical, high (default), warn or info" },
  validate: { type: "boolean",
    description: "also run aws-cdk-lib's built-in CloudFormation validation (~2 s)" },
  "cfn-lint": { type: "string", valueName: "PATH",
    description: "cfn-lint to run (default: cfn-lint on PATH, if any)" },
  "skip-cfn-lint": { type: "boolean", description: "do not run cfn-lint even if on PATH" },
  infra: { type: "string", valueName: "DIR",
    description: "where `deploy generate` wrote (default: <project>/infra)" },
  acknowledgements: { type: "string", valueName: "FILE",
    description: `acknowledgement file (default: <project>/${acknowledgementsFileName})` },
  against: againstFlag,
  assembly: assemblyFlag,
};

const formats = ["text", "json", "sarif", "github"] as const;
type Format = (typeof formats)[number];
/** Bound on PATH entries searched for cfn-lint. */
const pathEntriesMax = 256;

function choice<T extends string>(value: unknown, allowed: readonly T[], flag: string): T {
  const known = allowed as readonly string[];
  if (typeof value === "string" && known.includes(value)) return value as T;
  throw new UsageError(`flag '--${flag}' must be one of ${allowed.join(", ")}, not '${value}'`);
}

function findOnPath(env: CommandContext["env"], name: string): string | undefined {
  for (const folder of (env["PATH"] ?? "").split(delimiter).slice(0, pathEntriesMax)) {
    if (folder !== "" && existsSync(join(folder, name))) return join(folder, name);
  }
  return undefined;
}

export async function run(context: CommandContext): Promise<number> {
  const parsed = parseFlags(context.args, flags, { positionalsMax: 0 });
  const format = choice<Format>(parsed.values["format"], formats, "format");
  const failOn = choice<Severity>(parsed.values["fail-on"], severities, "fail-on");
  const cfnLintFlag = parsed.values["cfn-lint"];
  const cfnLintPath = parsed.values["skip-cfn-lint"] === true ?
    undefined
    : typeof cfnLintFlag === "string" ?
    resolve(context.cwd, cfnLintFlag)
    : findOnPath(context.env, "cfn-lint");
  if (cfnLintPath !== undefined && !existsSync(cfnLintPath)) {
    throw new UsageError(`cfn-lint not found at ${cfnLintPath}`);
  }
  const render = (report: PreflightReport, projectDir: string) => {
    const prefix = pathPrefix(context, projectDir);
    return format === "json" ?
      renderJson(report)
      : format === "sarif" ?
      renderSarif(report, { pathPrefix: prefix })
      : format === "github" ?
      renderGithub(report, prefix)
      : renderText(report, (colour, value) => paint(context.color, colour, value));
  };
  const project = await planDeployCommand(context, parsed.values, "infra", {
    // The diagnostics went to stderr; a machine-readable format also gets its document.
    onInvalid: (run) => {
      if (format === "text") return;
      const selected = selectedEnvironment(context, parsed.values["env"]);
      const environment = run.config?.environment ??
        environmentNames.find((name) => name === selected) ?? defaultEnvironment;
      context.stdout(
        render(
          invalidProjectReport({ dazzleVersion, failOn, environment,
            app: run.appSpec?.app?.name ?? basename(run.projectDir),
            diagnostics: run.diagnostics }),
          run.projectDir,
        ),
      );
    },
  });
  const { projectDir, planned } = project;
  const infra = project.folder ?? project.infraDir;
  const assembly = assemblyFolder(context, parsed.values["assembly"], infra, "deploy preflight");
  const plan = planned.plan;
  const assemblyStacks = assembly === undefined ?
    undefined
    : readAssemblyStacks(assembly, 1) as unknown as PreflightStack[];
  const acknowledgements = loadAcknowledgements(context, projectDir,
    parsed.values["acknowledgements"], "preflight");
  const outDir = mkdtempSync(join(tmpdir(), "dazzle-preflight-"));
  try {
    // The parameter the checked templates read (an assembly may use another qualifier).
    const bootstrapParameter = assemblyStacks && bootstrapParameterName(assemblyStacks);
    const cdkBootstrap = await readCdkBootstrap(
      ssmClient(operatorAws(context, planned.config.region)),
      bootstrapParameter,
    );
    const outcome = await runPreflight({
      config: planned.config,
      aws: plan.aws,
      dazzleVersion,
      failOn,
      runner: (command, args, options) =>
        withProgressAsync(context, `running ${basename(command)} on the templates`, () =>
          runProcess(command, args, options)),
      cdkBootstrap,
      validation: parsed.values["validate"] === true,
      acknowledgements,
      ...(cfnLintPath === undefined ? {} : { cfnLintPath }),
      baseline: await readBaseline(context, { against: parsed.values["against"], aws: plan.aws,
        infraDir: infra }),
      templates: assembly === undefined
        ? { source: "in-process", detail: "synthesized in process" }
        : { source: "assembly", detail: `the assembly ${assembly}` },
      synthesize: (validation) => {
        if (assembly !== undefined && assemblyStacks !== undefined) {
          return { outDir: assembly, stacks: assemblyStacks };
        }
        const result = withProgress(context, validation
          ? "synthesizing the stacks, with aws-cdk-lib's CloudFormation validation"
          : "synthesizing the stacks", () =>
          withoutConsole(() => synthesize(plan.aws, { outDir, validation, projectDir })));
        return { outDir: result.outDir, stacks: result.stacks as unknown as PreflightStack[] };
      },
    });
    for (const unused of outcome.unusedAcknowledgements) {
      context.stderr(`warning: ${unused.span.file}:${unused.span.line}: acknowledgement of ` +
        `${unused.check} for ${unused.resource} matches no finding (stale?)\n`);
    }
    context.stdout(render(outcome.report, projectDir));
    return summarize(outcome.report).passed ? 0 : 1;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * aws-cdk-lib's validation prints its own report (with source stack traces) to the console;
 * preflight reads the same violations from validation-report.json and reports them itself, so
 * the console copy is muted for the duration of the synthesis.
 */
function withoutConsole<T>(work: () => T): T {
  const saved = { log: console.log, warn: console.warn, error: console.error };
  const mute = () => undefined;
  console.log = mute;
  console.warn = mute;
  console.error = mute;
  try {
    return work();
  } finally {
    Object.assign(console, saved);
  }
}

/** Findings carry project-relative paths; CI annotations want them relative to the cwd. */
function pathPrefix(context: CommandContext, projectDir: string): string {
  const relativePath = relative(context.cwd, projectDir).split("\\").join("/");
  return relativePath === "" || relativePath.startsWith("..") ? "" : `${relativePath}/`;
}
