/**
 * `dazzle init [DIR] --name APP --region R --environment E`: a new project (dazzle.toml + dsl/)
 * from the embedded example, named and placed as asked (init/new-project.ts). What is not given
 * is asked for on a terminal, with defaults from the folder name and the AWS settings; elsewhere
 * the defaults are taken. Never overwrites a file unless `--force`: all conflicts are listed
 * before anything is written, so a refused init leaves the folder untouched.
 */
import { lstat, mkdir, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { configFileName, defaultEnvironment, defaultRegion,
  parseDeployConfig } from "../../config/index.ts";
import { appNameFromFolder, appNameProblem, newProjectFiles,
  type NewProjectAnswers } from "../../init/new-project.ts";
import type { CommandContext } from "../command.ts";
import { UsageError, UserError } from "../errors.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { info } from "../output.ts";
import { dazzleVersion } from "../version.ts";

export const usage = `dazzle init [DIR] [--name APP] [--region R] [--environment E] [--force]
Create a new Dazzle project in DIR (default: the current folder) from the embedded example:
an app with ledgers, entities with file fields, a queue and a stream. On a terminal, what
is not given is asked for; the defaults come from the folder name and AWS_REGION.

Examples:
  dazzle init shop --region eu-west-1 --environment staging
  dazzle init          # in an empty folder, answering the questions
  dazzle init . --force     # overwrite dazzle.toml and dsl/ files that already exist`;

export const flags: FlagSpecs = {
  name: { type: "string", valueName: "APP",
    description: "the app's name: lower-case letters, digits, dashes (default: the folder's)" },
  region: { type: "string", valueName: "R",
    description: `AWS region (default: AWS_REGION, else ${defaultRegion})` },
  environment: { type: "string", valueName: "E",
    description: `dev, staging or prod (default: ${defaultEnvironment})` },
  force: { type: "boolean", description: "overwrite files that already exist" },
};

/** Wrong answers tolerated per question before init gives up. */
const attemptsMax = 3;

export async function run(context: CommandContext): Promise<number> {
  const parsed = parseFlags(context.args, flags, { positionalsMax: 1 });
  const targetDir = resolve(context.cwd, parsed.positionals[0] ?? ".");
  const force = parsed.values["force"] === true;
  const target = await stat(targetDir).catch(() => undefined);
  if (target !== undefined && !target.isDirectory()) {
    throw new UserError("cli/wouldOverwrite",
      `${shown(context, targetDir)} is a file, not a folder; nothing was written`,
      "name a new or existing folder for the project");
  }
  const answers = await collectAnswers(context, parsed.values, basename(targetDir));
  const files = newProjectFiles(answers);
  const existing: string[] = [];
  for (const file of files) {
    if (await exists(join(targetDir, file.path))) existing.push(file.path);
  }
  if (existing.length > 0 && !force) {
    throw new UserError("cli/wouldOverwrite",
      `${shown(context, targetDir)} already has ${existing.join(", ")}; nothing was written`,
      "pass --force to overwrite them, or choose an empty folder");
  }
  for (const file of files) {
    const path = join(targetDir, file.path);
    await mkdir(dirname(path), { recursive: true });
    // Replace a symbolic link (even a dangling one) instead of writing through it.
    await rm(path, { force: true });
    await writeFile(path, file.text);
    info(context, `  wrote ${shown(context, path)}`);
  }
  context.stdout(nextSteps(context, targetDir, answers));
  return 0;
}

interface Question {
  readonly flag: "name" | "region" | "environment";
  readonly prompt: string;
  readonly fallback: string | undefined;
  readonly problem: (value: string) => string | undefined;
}

async function collectAnswers(
  context: CommandContext,
  values: Readonly<Record<string, unknown>>,
  folderName: string,
): Promise<NewProjectAnswers> {
  const questions: Question[] = [
    { flag: "name", prompt: "App name", fallback: appNameFromFolder(folderName),
      problem: appNameProblem },
    { flag: "region", prompt: "AWS region",
      fallback: context.env["AWS_REGION"] || context.env["AWS_DEFAULT_REGION"] || defaultRegion,
      problem: (value) => deploySettingProblem("region", value) },
    { flag: "environment", prompt: "Environment (dev, staging, prod)", fallback: defaultEnvironment,
      problem: (value) => deploySettingProblem("environment", value) },
  ];
  const answers: Record<string, string> = {};
  for (const question of questions) {
    answers[question.flag] = await answer(context, question, values[question.flag]);
  }
  return answers as unknown as NewProjectAnswers;
}

async function answer(context: CommandContext, question: Question, given: unknown) {
  if (typeof given === "string") {
    const problem = question.problem(given);
    if (problem !== undefined) throw new UsageError(`--${question.flag} ${given}: ${problem}`);
    return given;
  }
  if (context.prompt === undefined) {
    if (question.fallback !== undefined) return question.fallback;
    throw new UsageError(`the folder name does not make an app name: pass --${question.flag}`);
  }
  for (let attempt = 0; attempt < attemptsMax; attempt++) {
    const reply = await context.prompt(`${question.prompt}` +
      `${question.fallback !== undefined ? ` [${question.fallback}]` : ""}: `);
    if (reply === undefined) {
      throw new UserError("init/cancelled", "init was cancelled; nothing was written");
    }
    const value = reply.trim() === "" ? question.fallback : reply.trim();
    const problem = value === undefined ? "an answer is needed" : question.problem(value);
    if (problem === undefined) return value!;
    context.stderr(`${problem}\n`);
  }
  throw new UserError("init/noValidAnswer",
    `no valid ${question.flag} after ${attemptsMax} tries; nothing was written`,
    `pass --${question.flag} instead`);
}

/** What dazzle.toml itself says about `[deploy] key = value` (one home for the rules). */
function deploySettingProblem(key: string, value: string): string | undefined {
  const parsed = parseDeployConfig(`[deploy]\n${key} = ${JSON.stringify(value)}\n`, configFileName,
    { dazzleVersion });
  return parsed.diagnostics.find((d) => d.severity === "error")?.message
    .replace(`'deploy.${key}' must be`, "it must be");
}

/** The first deploy, as README.md ("First deploy") walks through it. */
function nextSteps(context: CommandContext, targetDir: string, answers: NewProjectAnswers) {
  const place = shown(context, targetDir);
  const cd = targetDir === context.cwd ? "" : `  cd ${place}\n`;
  return `Created the Dazzle project ${answers.name} in ${place} ` +
    `(${answers.environment}, ${answers.region}).\n` +
    "Next, the first deploy (README.md, \"First deploy\"):\n" +
    cd +
    "  dazzle check\n" +
    "  # the app's image: add a Dockerfile here, or set image in [deploy.compute]\n" +
    "  dazzle deploy artifacts --to s3://<your-bucket>/dazzle   # then set artifact_base_url\n" +
    "  dazzle deploy generate\n" +
    "  cd infra && npm ci\n" +
    "  npx cdk bootstrap\n" +
    "  npx cdk synth\n" +
    "  dazzle deploy preflight -p .. --assembly cdk.out\n" +
    "  npx cdk deploy --app cdk.out --all\n";
}

/** Anything at `path`, a dangling symbolic link included. */
async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}

function shown(context: CommandContext, path: string): string {
  const relativePath = relative(context.cwd, path);
  return relativePath === "" ? "." : relativePath.startsWith("..") ? path : relativePath;
}
