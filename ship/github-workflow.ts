/**
 * The GitHub Actions workflow that `dazzle deploy ci --github` writes. Pure: options in, YAML
 * text out. What it does, and why:
 * - every action is pinned by full commit SHA (the version in a comment): a tag can be moved,
 *   a commit cannot; all run on Node 24 (GitHub removed Node 20 from its runners);
 * - it installs a pinned dazzle with the checksum-verifying curl installer (not "latest");
 * - it synthesizes once (`npx cdk synth`, with the user's infra/lib/custom.ts) and checks and
 *   deploys exactly that assembly: preflight and diff on it, `cdk deploy --app cdk.out`;
 * - `cdk bootstrap` (idempotent) runs before the checks, so a first deploy into a clean account
 *   needs nothing done by hand but the role;
 * - it deploys only when the diff found changes;
 * - pull requests get the checks without a deploy: preflight as SARIF in code scanning, the diff
 *   in the step summary;
 * - environments deploy in order (staging on pushes to the branch, then prod), each in the
 *   GitHub environment of its name, so protection rules (required reviewers) gate prod;
 * - one deploy per environment at a time, never cancelled half-way;
 * - npm ci from infra/package-lock.json, with setup-node's npm cache keyed on it.
 */
import { stringify } from "yaml";

export type AwsAuthentication =
  | { readonly kind: "oidc"; readonly roleArn: string }
  | { readonly kind: "access-keys" };

export interface WorkflowEnvironment {
  /** dazzle.toml environment, also the GitHub environment and the concurrency group. */
  readonly name: string;
  readonly region: string;
}

export interface GithubWorkflowOptions {
  /** In deployment order: each one deploys after the one before it succeeded. */
  readonly environments: readonly WorkflowEnvironment[];
  /**
   * Pass the environment to every dazzle command (`DAZZLE_ENV`): needed when dazzle.toml
   * describes several; harmless otherwise.
   */
  readonly selectEnvironment: boolean;
  readonly dazzleVersion: string;
  /** Where install.sh and the releases live. */
  readonly dazzleBaseUrl: string;
  /** Project folder relative to the repository root, `/`-separated; "." for the root. */
  readonly projectPath: string;
  /** Where the workflow file sits, relative to the repository root (it triggers itself). */
  readonly workflowPath: string;
  /** Project-relative Docker build context when the app image is built from a Dockerfile. */
  readonly imageBuildContext?: string;
  readonly authentication: AwsAuthentication;
  /** Branch whose pushes deploy (and whose pull requests are checked). @default "main" */
  readonly branch: string;
}

/**
 * Pinned by commit (looked up 2026-11: the current majors, all `using: node24`). Update by
 * resolving the new release tag to its commit; the comment says which release it is.
 */
const pinnedActions = {
  checkout: { uses: "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
    version: "v7.0.1" },
  setupNode: { uses: "actions/setup-node@820762786026740c76f36085b0efc47a31fe5020",
    version: "v7.0.0" },
  configureAwsCredentials: {
    uses: "aws-actions/configure-aws-credentials@e1253824e5c10ff9df46874f81ed3ec929e19cfd",
    version: "v6.3.0",
  },
  uploadSarif: {
    uses: "github/codeql-action/upload-sarif@2892aa5e19bbd11bc0cff5427e3b750a04d9e3c2",
    version: "v4.38.2",
  },
} as const;

/** The CDK CLI asks for Node.js 22 or newer; 24 is the current LTS. */
const nodeMajor = "24";

/** Repository variable the OIDC mode reads when no `--role-arn` is given. */
export const roleArnVariable = "AWS_DEPLOY_ROLE_ARN";

/**
 * `dazzle deploy diff`: 0 = no changes, 1 = changes found, anything else = failure. Its report
 * goes to the step summary either way, and `changes` decides whether the deploy runs.
 */
const diffScript = (assembly: string) =>
  `set +e
dazzle deploy diff --assembly ${assembly} > "$RUNNER_TEMP/diff.txt"
code=$?
set -e
{
  echo "### dazzle deploy diff"
  echo '\`\`\`'
  cat "$RUNNER_TEMP/diff.txt"
  echo '\`\`\`'
} >> "$GITHUB_STEP_SUMMARY"
case "$code" in
  0) echo "changes=false" >> "$GITHUB_OUTPUT" ;;
  1) echo "changes=true" >> "$GITHUB_OUTPUT" ;;
  *) echo "::error::dazzle deploy diff failed (exit $code)"; exit "$code" ;;
esac
`;

function githubWorkflow(options: GithubWorkflowOptions): Record<string, unknown> {
  const paths = triggerPaths(options);
  const jobs: Record<string, unknown> = { check: checkJob(options) };
  options.environments.forEach((environment, index) => {
    jobs[deployJobId(environment)] = deployJob(options, environment,
      index === 0 ? undefined : deployJobId(options.environments[index - 1]!));
  });
  return {
    name: "Deploy infrastructure",
    on: {
      push: { branches: [options.branch], paths },
      pull_request: { branches: [options.branch], paths },
      workflow_dispatch: {},
    },
    // Nothing by default; each job asks for what it needs.
    permissions: {},
    env: {
      DAZZLE_VERSION: options.dazzleVersion,
      DAZZLE_BASE_URL: options.dazzleBaseUrl,
    },
    // bash with -e -o pipefail: `curl ... | sh` fails the step when the download fails.
    defaults: { run: { shell: "bash", "working-directory": options.projectPath } },
    jobs,
  };
}

/** What changes a deployment: the project's inputs, the user's CDK code, the app's image. */
function triggerPaths(options: GithubWorkflowOptions): string[] {
  const prefix = options.projectPath === "." ? "" : `${options.projectPath}/`;
  const custom = options.selectEnvironment ? "infra/*/lib/custom.ts" : "infra/lib/custom.ts";
  const paths = [`${prefix}dsl/**`, `${prefix}dazzle.toml`, `${prefix}dazzle-acknowledgements.toml`,
    `${prefix}${custom}`];
  if (options.imageBuildContext !== undefined) {
    const context = normalizedJoin(options.projectPath, options.imageBuildContext);
    paths.push(context === "." ? "**" : `${context}/**`);
  }
  paths.push(options.workflowPath);
  return [...new Set(paths)];
}

function deployJobId(environment: WorkflowEnvironment): string {
  return `deploy-${environment.name}`;
}

/**
 * Pull requests: the same synthesis and checks, results in code scanning, no deploy. With
 * several environments, one check per environment (a matrix).
 */
function checkJob(options: GithubWorkflowOptions): Record<string, unknown> {
  const matrix = options.selectEnvironment;
  const environment: WorkflowEnvironment = matrix
    ? { name: "${{ matrix.environment }}", region: "" } :
    options.environments[0]!;
  const infra = infraFolder(environment, options);
  return {
    name: matrix ? "Check ${{ matrix.environment }} (pull request)" : "Check (pull request)",
    if: "github.event_name == 'pull_request'",
    "runs-on": "ubuntu-latest",
    ...(matrix ?
      {
        strategy: { "fail-fast": false,
          matrix: { environment: options.environments.map((e) => e.name) } },
      } :
      {}),
    "timeout-minutes": 30,
    permissions: { contents: "read", "security-events": "write" },
    ...(matrix ? { env: { DAZZLE_ENV: "${{ matrix.environment }}" } } : {}),
    steps: [
      ...setupSteps(options),
      ...synthesisSteps(options, environment),
      // From the repository root, so the SARIF's paths are the repository's.
      { name: "Preflight (SARIF for code scanning)", id: "preflight", "working-directory": ".",
        run: [
          "set +e",
          `dazzle deploy preflight -p ${options.projectPath} --assembly ` +
          `${projectRelative(options, `${infra}/cdk.out`)} --format sarif > ` +
          "\"$RUNNER_TEMP/preflight.sarif\"",
          "code=$?",
          "set -e",
          "echo \"exit=$code\" >> \"$GITHUB_OUTPUT\"",
          // 0 passed, 1 blocking findings (reported below, after the upload); else a failure.
          "if [ \"$code\" -gt 1 ]; then exit \"$code\"; fi",
        ].join("\n") + "\n" },
      { name: "Upload preflight to code scanning",
        if: "always() && steps.preflight.outputs.exit != ''", ...pinned("uploadSarif"),
        with: { sarif_file: "${{ runner.temp }}/preflight.sarif",
          category: matrix ? "dazzle-preflight-${{ matrix.environment }}" : "dazzle-preflight" } },
      { name: "Diff (in the step summary)", id: "diff", run: diffScript(`${infra}/cdk.out`) },
      { name: "Blocking preflight findings", if: "steps.preflight.outputs.exit == '1'",
        run: "echo \"::error::dazzle deploy preflight found blocking problems (see code " +
          "scanning)\"\nexit 1\n" },
    ],
  };
}

function deployJob(
  options: GithubWorkflowOptions,
  environment: WorkflowEnvironment,
  after: string | undefined,
): Record<string, unknown> {
  const oidc = options.authentication.kind === "oidc";
  return {
    name: `Deploy (${environment.name})`,
    if: "github.event_name != 'pull_request'",
    ...(after ? { needs: after } : {}),
    "runs-on": "ubuntu-latest",
    // Protection rules of this GitHub environment (e.g. required reviewers) gate the job.
    environment: environment.name,
    // One deploy per environment at a time; a running CloudFormation update is never cancelled.
    concurrency: { group: `dazzle-deploy-${environment.name}`, "cancel-in-progress": false },
    "timeout-minutes": 120,
    // The OIDC token only when a role is assumed with it.
    permissions: oidc ? { contents: "read", "id-token": "write" } : { contents: "read" },
    env: environmentVariables(options, environment),
    steps: [
      ...setupSteps(options),
      awsCredentialsStep(options),
      { name: "Generate the CDK app", run: "dazzle deploy generate" },
      { name: "Install the CDK app", "working-directory": infraPath(options, environment),
        run: "npm ci" },
      // Idempotent; before the checks, so the first deploy into an account passes them.
      { name: "Bootstrap the account and region for the CDK",
        "working-directory": infraPath(options, environment), run: "npx cdk bootstrap" },
      { name: "Synthesize", "working-directory": infraPath(options, environment),
        run: "npx cdk synth --quiet" },
      // From the repository root, so the annotations' paths are the repository's.
      { name: "Preflight checks", "working-directory": ".",
        run: `dazzle deploy preflight -p ${options.projectPath} --assembly ` +
          `${projectRelative(options, `${infraFolder(environment, options)}/cdk.out`)} ` +
          "--format github" },
      { name: "Diff", id: "diff", run: diffScript(`${infraFolder(environment, options)}/cdk.out`) },
      { name: "Deploy the checked assembly", if: "steps.diff.outputs.changes == 'true'",
        "working-directory": infraPath(options, environment),
        run: "npx cdk deploy --app cdk.out --all --require-approval never" },
    ],
  };
}

function environmentVariables(options: GithubWorkflowOptions, environment: WorkflowEnvironment) {
  return { AWS_REGION: environment.region,
    ...(options.selectEnvironment ? { DAZZLE_ENV: environment.name } : {}) };
}

function setupSteps(options: GithubWorkflowOptions): Record<string, unknown>[] {
  const lockfiles = options.selectEnvironment ?
    "infra/*/package-lock.json"
    : "infra/package-lock.json";
  return [
    { ...pinned("checkout"), with: { "persist-credentials": false } },
    { name: "Set up Node.js", ...pinned("setupNode"),
      with: { "node-version": nodeMajor, cache: "npm",
        "cache-dependency-path": projectRelative(options, lockfiles) } },
    { name: "Install Dazzle", run: [
      "export DAZZLE_INSTALL_DIR=\"$RUNNER_TEMP/dazzle-bin\"",
      "curl -fsSL \"$DAZZLE_BASE_URL/install.sh\" | sh",
      "echo \"$DAZZLE_INSTALL_DIR\" >> \"$GITHUB_PATH\"",
      "\"$DAZZLE_INSTALL_DIR/dazzle\" --version",
    ].join("\n") + "\n" },
  ];
}

/** Pull requests synthesize without AWS access: the app needs none to synthesize. */
function synthesisSteps(options: GithubWorkflowOptions,
  environment: WorkflowEnvironment): Record<string, unknown>[] {
  return [
    { name: "Generate the CDK app", run: "dazzle deploy generate" },
    { name: "Install the CDK app", "working-directory": infraPath(options, environment),
      run: "npm ci" },
    { name: "Synthesize", "working-directory": infraPath(options, environment),
      run: "npx cdk synth --quiet" },
  ];
}

function awsCredentialsStep(options: GithubWorkflowOptions): Record<string, unknown> {
  const common = { "aws-region": "${{ env.AWS_REGION }}" };
  if (options.authentication.kind === "access-keys") {
    return { name: "Configure AWS credentials (access keys)", ...pinned("configureAwsCredentials"),
      with: {
        "aws-access-key-id": "${{ secrets.AWS_ACCESS_KEY_ID }}",
        "aws-secret-access-key": "${{ secrets.AWS_SECRET_ACCESS_KEY }}",
        ...common,
      } };
  }
  return { name: "Configure AWS credentials (OIDC role)", ...pinned("configureAwsCredentials"),
    with: {
      "role-to-assume": options.authentication.roleArn,
      "role-session-name": "dazzle-deploy-${{ github.run_id }}",
      ...common,
    } };
}

/** `uses:` with a marker the renderer turns into `sha # version`. */
function pinned(action: keyof typeof pinnedActions): { uses: string } {
  const { uses, version } = pinnedActions[action];
  return { uses: `${uses}${versionMarker}${version}` };
}

const versionMarker = " #VERSION# ";

/** The CDK app of an environment, project-relative: infra/, or infra/<env> with several. */
function infraFolder(environment: WorkflowEnvironment, options: GithubWorkflowOptions): string {
  return options.selectEnvironment ? `infra/${environment.name}` : "infra";
}

/** The same, from the repository root (a step's working directory). */
function infraPath(options: GithubWorkflowOptions, environment: WorkflowEnvironment): string {
  return projectRelative(options, infraFolder(environment, options));
}

/** A path below the project, seen from the repository root. */
function projectRelative(options: GithubWorkflowOptions, path: string): string {
  return options.projectPath === "." ? path : `${options.projectPath}/${path}`;
}

/** `a/b` + `../c` → `a/c`; `.` + `x` → `x`. Paths are `/`-separated and relative. */
function normalizedJoin(base: string, path: string): string {
  const parts: string[] = [];
  for (const segment of `${base}/${path}`.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") parts.pop();
    else parts.push(segment);
  }
  return parts.length === 0 ? "." : parts.join("/");
}

/** The workflow file's text: a header saying where it came from, then the YAML. */
export function renderGithubWorkflow(options: GithubWorkflowOptions): string {
  const names = options.environments.map((environment) => environment.name).join(", then ");
  const header = [
    `# Written by \`dazzle deploy ci --github\` (dazzle ${options.dazzleVersion}).`,
    `# Pushes to ${options.branch} that change the project deploy ${names}; pull requests ` +
    "are checked, not deployed.",
    options.authentication.kind === "oidc"
      ? "# AWS access: an IAM role trusted for this repository's GitHub OIDC tokens."
      : "# AWS access: secrets AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (prefer OIDC).",
    "# Actions are pinned by commit; the comment beside each says which release it is.",
    "",
  ].join("\n");
  const yaml = stringify(githubWorkflow(options), { lineWidth: 0, aliasDuplicateObjects: false });
  // The marker makes `yaml` quote the value; the pin is written plain, its release beside it.
  return header + yaml.replace(/"([^"\s]+@[0-9a-f]{40}) #VERSION# (v[\d.]+)"$/gm, "$1 # $2");
}
