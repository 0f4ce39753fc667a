/**
 * The files of a new project (`dazzle init`), as data: the embedded example's DSL with the app
 * and its modules renamed, and a dazzle.toml written for this project: its region and
 * environment, and every setting that needs something only the user has (an image, a mirror
 * bucket, secrets, an e-mail address) as a commented example, so nothing refers to a resource
 * that does not exist in their account. Pure.
 */
import { configFileName } from "../config/index.ts";
import type { EmbeddedFile } from "../embed/example-project.ts";
import { exampleProjectFiles } from "../embed/example-project.ts";
import { appNameLengthMax, resourceName } from "../plan/index.ts";

export interface NewProjectAnswers {
  /** The app's AWS name: lower-case letters, digits and dashes (`my-app`). */
  readonly name: string;
  readonly region: string;
  readonly environment: string;
}

/** The example's app and module prefix, replaced by the new name. */
const exampleApp = "wallet";

/** Why a name cannot be an app name, or undefined when it can. */
export function appNameProblem(name: string): string | undefined {
  if (resourceName(name) === name) return undefined;
  return `'${name}' cannot name an app: use lower-case letters, digits and single dashes, ` +
    `starting with a letter, at most ${appNameLengthMax} characters (e.g. my-app)`;
}

/** `My Folder_2` → `my-folder-2`, or undefined when the folder name cannot be made one. */
export function appNameFromFolder(folderName: string): string | undefined {
  return resourceName(folderName);
}

export function newProjectFiles(answers: NewProjectAnswers): EmbeddedFile[] {
  const identifier = answers.name.replace(/-/g, "_");
  const title = answers.name.split("-").map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
  const dsl = exampleProjectFiles.filter((file) => file.path.startsWith("dsl/")).map((file) => ({
    path: file.path,
    text: file.text
      .replace(new RegExp(`^(module|use) ${exampleApp}\\.`, "gm"), `$1 ${identifier}.`)
      .replace(new RegExp(`^app ${exampleApp} "[^"]*":`, "m"), `app ${identifier} "${title}":`),
  }));
  return [{ path: configFileName, text: dazzleToml(answers) }, ...dsl];
}

function dazzleToml(answers: NewProjectAnswers): string {
  const { name, region, environment } = answers;
  return `# Dazzle deployment settings for ${name}. Every key is optional: \`dazzle deploy plan\`
# shows what each resolves to, and README.md ("Configuration reference") lists them all.

[deploy]
environment = "${environment}"   # dev, staging or prod: picks the defaults of every key below
region = "${region}"

# More environments in this one file: each overrides any [deploy.*] key, every command takes
# --env NAME (or DAZZLE_ENV), and infra/<name>/ holds each one's CDK app (docs/config.md):
# [deploy.environments.prod]
# [deploy.environments.prod.compute]
# desired_count = 4

[deploy.compute]
# The app's container image. A Dockerfile in this folder is built and pushed by
# \`cdk deploy\`; or name an image you publish yourself (not both):
# image = "ghcr.io/your-org/${name}:1.0.0"
# Without either, the service is created with 0 tasks until it has one.
container_port = 8000

[deploy.tigerbeetle]
# Where the TigerBeetle nodes install dazzle and tigerbeetle from at boot. Run
#   dazzle deploy artifacts --to s3://<your-bucket>/dazzle
# and put the artifact_base_url line it prints here:
# artifact_base_url = "s3://<your-bucket>/dazzle"

[deploy.observability]
# Who receives the alarms (confirm the subscription e-mail AWS sends):
# alarm_email = "oncall@your-domain.example"

# Values the app reads at start, from Secrets Manager or SSM Parameter Store. Create them in
# the account first; each becomes an environment variable of the container:
# [deploy.secrets]
# stripe_api_key = "secretsmanager:${name}/stripe-api-key"
# sentry_dsn = "ssm:/${name}/${environment}/sentry-dsn"
`;
}
