/**
 * `dazzle deploy ci --github`: write a GitHub Actions workflow that installs this pinned dazzle,
 * generates, checks and deploys the project's stacks (ship/github-workflow.ts). Reads only
 * dazzle.toml (environment, region, the app's image); never overwrites an existing file
 * without `--force`.
 */
import { access, mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { loadDeployConfig } from "../../config/index.ts";
import { placeholderBaseUrl } from "../../ship/release-layout.ts";
import { renderGithubWorkflow, roleArnVariable,
  type AwsAuthentication } from "../../ship/github-workflow.ts";
import type { CommandContext } from "../command.ts";
import { UsageError, UserError } from "../errors.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { envFlag, projectFlag } from "../common-flags.ts";
import { info } from "../output.ts";
import { resolveProjectDir, selectedEnvironment } from "../project.ts";
import { dazzleVersion } from "../version.ts";

export const usage = `dazzle deploy ci --github [-p DIR] [--out PATH] [--force]
    [--role-arn ARN | --access-keys] [--dazzle-version V] [--region R] [--base-url URL]
    [--branch NAME]
Write a GitHub Actions workflow that deploys the project when a push to the branch changes
it: installs dazzle (pinned), generates, bootstraps, synthesizes once, runs preflight and
diff on that assembly and deploys exactly it when something changed. Pull requests get the
checks (preflight in code scanning, the diff in the summary) without a deploy. AWS access
uses an IAM role through GitHub OIDC unless --access-keys is given.

Examples:
  dazzle deploy ci --github --role-arn arn:aws:iam::123456789012:role/deploy
  dazzle deploy ci --github --access-keys --out .github/workflows/infra.yml`;

export const flags: FlagSpecs = {
  github: { type: "boolean", description: "write a GitHub Actions workflow (required)" },
  project: projectFlag,
  env: envFlag,
  out: { type: "string", valueName: "PATH",
    description: "workflow file (default: <repo root>/.github/workflows/dazzle-deploy.yml)" },
  force: { type: "boolean", description: "overwrite the workflow file if it exists" },
  "access-keys": { type: "boolean",
    description: "use secrets AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY instead of OIDC" },
  "role-arn": { type: "string", valueName: "ARN",
    description: `IAM role to assume (default: repository variable ${roleArnVariable})` },
  "dazzle-version": { type: "string", valueName: "V",
    description: "dazzle version to install in CI (default: this one)" },
  region: { type: "string", valueName: "R", description: "AWS region (default: dazzle.toml)" },
  "base-url": { type: "string", valueName: "URL",
    description: `where install.sh and releases live (default: ${placeholderBaseUrl})` },
  branch: { type: "string", valueName: "NAME", description: "branch that deploys (default: main)" },
};

const defaultWorkflowPath = join(".github", "workflows", "dazzle-deploy.yml");
const rolePattern = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d$/;
const versionPattern = /^v?[0-9A-Za-z.+-]+$/;

export async function run(context: CommandContext): Promise<number> {
  const values = parseFlags(context.args, flags, { positionalsMax: 0 }).values;
  if (values["github"] !== true) {
    throw new UsageError("say which CI system: --github", "only GitHub Actions is supported");
  }
  const projectDir = resolveProjectDir(context, values["project"]);
  const repositoryDir = await findRepositoryRoot(projectDir);
  const outPath = typeof values["out"] === "string"
    ? resolve(context.cwd, values["out"])
    : join(repositoryDir, defaultWorkflowPath);
  const settings = await projectSettings(projectDir, selectedEnvironment(context, values["env"]));
  const region = stringFlag(values, "region");
  if (region !== undefined && settings.environments.length > 1) {
    throw new UsageError("--region applies to one environment; dazzle.toml describes " +
      `${settings.environments.length}`, "set each one's region in dazzle.toml, or pass --env");
  }
  const authentication = chooseAuthentication(values);
  const text = renderGithubWorkflow({
    environments: settings.environments.map((environment) => ({ ...environment,
      region: checked(region ?? environment.region, regionPattern, "--region") })
    ),
    selectEnvironment: settings.several,
    dazzleVersion: checked(stringFlag(values, "dazzle-version") ?? dazzleVersion, versionPattern,
      "--dazzle-version").replace(/^v/, ""),
    dazzleBaseUrl: baseUrl(stringFlag(values, "base-url")),
    projectPath: toPosix(relative(repositoryDir, projectDir)) || ".",
    workflowPath: toPosix(relative(repositoryDir, outPath)),
    ...(settings.imageBuildContext !== undefined
      ? { imageBuildContext: settings.imageBuildContext } :
      {}),
    authentication,
    branch: stringFlag(values, "branch") ?? "main",
  });

  if (values["force"] !== true && await exists(outPath)) {
    throw new UserError("cli/wouldOverwrite",
      `${shown(context, outPath)} already exists; nothing was written`,
      "pass --force to overwrite it, or --out PATH to write elsewhere");
  }
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, text);
  context.stdout(`wrote ${shown(context, outPath)}\n`);
  printNextSteps(context, authentication, values);
  return 0;
}

function chooseAuthentication(values: Readonly<Record<string, unknown>>): AwsAuthentication {
  const roleArn = stringFlag(values, "role-arn");
  if (values["access-keys"] === true) {
    if (roleArn !== undefined) {
      throw new UsageError("--access-keys and --role-arn exclude each other",
        "OIDC with --role-arn is preferred: no long-lived keys in repository secrets");
    }
    return { kind: "access-keys" };
  }
  if (roleArn === undefined) return { kind: "oidc", roleArn: `\${{ vars.${roleArnVariable} }}` };
  return { kind: "oidc", roleArn: checked(roleArn, rolePattern, "--role-arn") };
}

/**
 * The environments to deploy, in promotion order, each with its region: every one dazzle.toml
 * describes, or the one `--env` / `DAZZLE_ENV` names.
 */
async function projectSettings(projectDir: string, requested: string | undefined) {
  const first = await resolvedConfig(projectDir, requested);
  const names = requested !== undefined ?
    [first.environment]
    : first.environments ?? [first.environment];
  const environments = [];
  for (const name of names) {
    const config = name === first.environment ? first : await resolvedConfig(projectDir, name);
    environments.push({ name, region: config.region });
  }
  const image = first.compute.image;
  return { environments, several: first.environments !== undefined,
    ...(image.source === "dockerfile" ? { imageBuildContext: image.buildContext } : {}) };
}

async function resolvedConfig(projectDir: string, environment: string | undefined) {
  const loaded = await loadDeployConfig(projectDir, { dazzleVersion,
    ...(environment !== undefined ? { environment } : {}) });
  if (!loaded.config) {
    const first = loaded.diagnostics.find((d) => d.severity === "error");
    throw new UserError("cli/invalidProject", `dazzle.toml in ${projectDir} has errors` +
      (first ? `: ${first.message}` : ""), "run `dazzle check` to see them all");
  }
  return loaded.config;
}

/** The nearest folder above (or at) the project holding `.git`; the project when none. */
async function findRepositoryRoot(projectDir: string): Promise<string> {
  let folder = projectDir;
  for (let depth = 0; depth < 64; depth++) {
    if (await exists(join(folder, ".git"))) return folder;
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return projectDir;
}

function printNextSteps(
  context: CommandContext,
  authentication: AwsAuthentication,
  values: Readonly<Record<string, unknown>>,
): void {
  if (authentication.kind === "access-keys") {
    info(context, "next: add repository secrets AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  } else if (stringFlag(values, "role-arn") === undefined) {
    info(context, `next: set the repository variable ${roleArnVariable} to an IAM role that ` +
      "trusts token.actions.githubusercontent.com for this repository");
  }
  info(context, "next: commit infra/ (deploy generate writes it, with its package-lock.json: " +
    "the workflow's npm cache is keyed on it)");
  info(context, "next: protect the GitHub environment of prod (Settings → Environments → " +
    "required reviewers): its deploy waits for that approval");
  if (stringFlag(values, "base-url") === undefined) {
    info(context, `note: DAZZLE_BASE_URL is the placeholder ${placeholderBaseUrl}; pass ` +
      "--base-url with your release location");
  }
}

function baseUrl(value: string | undefined): string {
  if (value === undefined) return placeholderBaseUrl;
  if (!/^https:\/\/[^\s]+$/.test(value)) {
    throw new UsageError(`--base-url must be an https:// URL, got '${value}'`,
      "the runner checks downloads against SHA256SUMS from the same server: use https");
  }
  return value.replace(/\/+$/, "");
}

function checked(value: string, pattern: RegExp, flag: string): string {
  if (!pattern.test(value)) throw new UsageError(`${flag}: '${value}' is not valid`);
  return value;
}

function stringFlag(values: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

function shown(context: CommandContext, path: string): string {
  const relativePath = relative(context.cwd, path);
  return relativePath.startsWith("..") ? path : relativePath;
}
