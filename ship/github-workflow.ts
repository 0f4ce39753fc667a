/**
 * The GitHub Actions workflow that `dazzle deploy ci --github` writes. Pure: options in, YAML
 * text out. Compared with the deployment guide's example it:
 * - installs a pinned dazzle with the checksum-verifying curl installer (not "latest");
 * - assumes an IAM role through GitHub's OIDC token by default (no long-lived keys in secrets);
 * - runs a diff whose "changes found" exit (1) is recorded, not treated as a failure, and
 *   preflight with GitHub annotations, both against the committed infra/ record, before
 *   generate rewrites it;
 * - serializes deploys per environment and never cancels one half-way;
 * - pins setup-node and the Node.js version, and uses `npm ci` when a lock file exists.
 */
import { stringify } from "yaml";

export type AwsAuthentication =
  | { readonly kind: "oidc"; readonly roleArn: string }
  | { readonly kind: "access-keys" };

export interface GithubWorkflowOptions {
  /** Deployment environment from dazzle.toml: names the concurrency group and GitHub env. */
  readonly environment: string;
  readonly region: string;
  readonly dazzleVersion: string;
  /** Where install.sh and the releases live. */
  readonly dazzleBaseUrl: string;
  /** Project folder relative to the repository root, `/`-separated; "." for the root. */
  readonly projectPath: string;
  /** Where the workflow file sits, relative to the repository root (it triggers itself). */
  readonly workflowPath: string;
  readonly authentication: AwsAuthentication;
  /** Branch whose pushes deploy. @default "main" */
  readonly branch: string;
}

/** Pinned so that a deploy today and a re-run next month use the same toolchain. */
const pinnedActions = {
  checkout: "actions/checkout@v4",
  setupNode: "actions/setup-node@v4",
  configureAwsCredentials: "aws-actions/configure-aws-credentials@v4",
} as const;
const pinnedNodeVersion = "20.19.5";

/** Repository variable the OIDC mode reads when no `--role-arn` is given. */
export const roleArnVariable = "AWS_DEPLOY_ROLE_ARN";

/** `dazzle deploy diff`: 0 = no changes, 1 = changes found, anything else = failure. */
const diffScript = `set +e
dazzle deploy diff
code=$?
set -e
case "$code" in
  0) echo "changes=false" >> "$GITHUB_OUTPUT" ;;
  1) echo "changes=true" >> "$GITHUB_OUTPUT"
     echo "dazzle deploy diff: infrastructure changes will be deployed" >> "$GITHUB_STEP_SUMMARY" ;;
  *) echo "::error::dazzle deploy diff failed (exit $code)"; exit "$code" ;;
esac
`;

function githubWorkflow(options: GithubWorkflowOptions): Record<string, unknown> {
  const prefix = options.projectPath === "." ? "" : `${options.projectPath}/`;
  const oidc = options.authentication.kind === "oidc";
  return {
    name: `Deploy infrastructure (${options.environment})`,
    on: {
      push: {
        branches: [options.branch],
        paths: [`${prefix}dsl/**`, `${prefix}dazzle.toml`, options.workflowPath],
      },
      workflow_dispatch: {},
    },
    // Least privilege: the OIDC token only when a role is assumed with it.
    permissions: oidc ? { "id-token": "write", contents: "read" } : { contents: "read" },
    // One deploy per environment at a time; a running CloudFormation update is never cancelled.
    concurrency: { group: `dazzle-deploy-${options.environment}`, "cancel-in-progress": false },
    env: {
      DAZZLE_VERSION: options.dazzleVersion,
      DAZZLE_BASE_URL: options.dazzleBaseUrl,
      AWS_REGION: options.region,
    },
    // bash with -e -o pipefail: `curl ... | sh` fails the step when the download fails.
    defaults: { run: { shell: "bash", "working-directory": options.projectPath } },
    jobs: { deploy: deployJob(options) },
  };
}

function deployJob(options: GithubWorkflowOptions): Record<string, unknown> {
  return {
    "runs-on": "ubuntu-latest",
    environment: options.environment,
    "timeout-minutes": 90,
    steps: [
      { uses: pinnedActions.checkout },
      { name: "Set up Node.js", uses: pinnedActions.setupNode,
        with: { "node-version": pinnedNodeVersion } },
      { name: "Install Dazzle", run: [
        'export DAZZLE_INSTALL_DIR="$RUNNER_TEMP/dazzle-bin"',
        'curl -fsSL "$DAZZLE_BASE_URL/install.sh" | sh',
        'echo "$DAZZLE_INSTALL_DIR" >> "$GITHUB_PATH"',
        '"$DAZZLE_INSTALL_DIR/dazzle" --version',
      ].join("\n") + "\n" },
      // Diff and preflight compare with the committed infra/ record (.dazzle-infra-version.json
      // and its templates), so they run before generate rewrites that record; otherwise diff
      // would always say "no changes" and a destructive replacement would never be blocked.
      { name: "Diff", id: "diff", run: diffScript },
      { name: "Preflight checks", run: "dazzle deploy preflight --format github" },
      { name: "Generate infrastructure", run: "dazzle deploy generate" },
      awsCredentialsStep(options),
      { name: "Install CDK app dependencies", "working-directory": infraPath(options),
        run: "npm ci || npm install" },
      { name: "CDK deploy", "working-directory": infraPath(options),
        run: "npx cdk deploy --all --require-approval never" },
    ],
  };
}

function awsCredentialsStep(options: GithubWorkflowOptions): Record<string, unknown> {
  const common = { "aws-region": "${{ env.AWS_REGION }}" };
  if (options.authentication.kind === "access-keys") {
    return { name: "Configure AWS credentials (access keys)",
      uses: pinnedActions.configureAwsCredentials, with: {
        "aws-access-key-id": "${{ secrets.AWS_ACCESS_KEY_ID }}",
        "aws-secret-access-key": "${{ secrets.AWS_SECRET_ACCESS_KEY }}",
        ...common,
      } };
  }
  return { name: "Configure AWS credentials (OIDC role)",
    uses: pinnedActions.configureAwsCredentials, with: {
      "role-to-assume": options.authentication.roleArn,
      "role-session-name": "dazzle-deploy-${{ github.run_id }}",
      ...common,
    } };
}

function infraPath(options: GithubWorkflowOptions): string {
  return options.projectPath === "." ? "infra" : `${options.projectPath}/infra`;
}

/** The workflow file's text: a header saying where it came from, then the YAML. */
export function renderGithubWorkflow(options: GithubWorkflowOptions): string {
  const header = [
    `# Written by \`dazzle deploy ci --github\` (dazzle ${options.dazzleVersion}).`,
    "# Deploys the stacks generated from dsl/ and dazzle.toml on every push that changes them.",
    options.authentication.kind === "oidc"
      ? "# AWS access: an IAM role trusted for this repository's GitHub OIDC tokens."
      : "# AWS access: secrets AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (prefer OIDC).",
    "",
  ].join("\n");
  return header + stringify(githubWorkflow(options), { lineWidth: 0 });
}
