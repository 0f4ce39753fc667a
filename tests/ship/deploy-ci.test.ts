/**
 * `dazzle deploy ci --github` writes a workflow GitHub can run: parsed back with `yaml`, it has
 * the triggers, permissions, steps and AWS authentication the user asked for.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { run } from "../../cli/commands/deploy-ci.ts";
import { UsageError, UserError } from "../../cli/errors.ts";
import { toolPaths } from "../../scripts/tools.ts";
import { recordingContext, type RecordingContext } from "../../testing/command-context.ts";

const exampleDir = join(import.meta.dir, "..", "..", "example");
const folders: string[] = [];

afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** A git repository holding the example project at `projectPath` ("." = the root). */
async function repository(projectPath = "."): Promise<{ root: string; project: string }> {
  const root = await mkdtemp(join(tmpdir(), "dazzle-ci-"));
  folders.push(root);
  await mkdir(join(root, ".git"));
  const project = join(root, projectPath);
  await cp(exampleDir, project, { recursive: true });
  return { root, project };
}

function context(cwd: string, args: string[]): RecordingContext {
  return recordingContext({ cwd, args });
}

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  id?: string;
  if?: string;
  with?: Record<string, string>;
  "working-directory"?: string;
}

interface Job {
  steps: Step[];
  permissions: Record<string, string>;
  environment?: string;
  needs?: string;
  if?: string;
  env?: Record<string, string>;
  concurrency?: Record<string, unknown>;
}

async function workflowAt(path: string, jobName = "deploy-staging") {
  const text = await readFile(path, "utf8");
  const workflow = parse(text);
  const job: Job = workflow.jobs[jobName];
  const steps = job.steps;
  const stepRunning = (fragment: string) => steps.findIndex((s) => s.run?.includes(fragment));
  return { text, workflow, job, steps, stepRunning };
}

const defaultOut = (root: string) => join(root, ".github", "workflows", "dazzle-deploy.yml");

/** Every `uses:` line: `owner/repo[/path]@<40 hex> # vX.Y.Z`. */
const pinnedUse = /^\s*(- )?uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/;

describe("dazzle deploy ci --github", () => {
  test("deploys on pushes to main and checks pull requests that change the project", async () => {
    const { root } = await repository();
    expect(await run(context(root, ["--github", "--dazzle-version", "0.4.2"]))).toBe(0);
    const { workflow, job } = await workflowAt(defaultOut(root));
    const paths = ["dsl/**", "dazzle.toml", "dazzle-acknowledgements.toml", "infra/lib/custom.ts",
      ".github/workflows/dazzle-deploy.yml"];
    expect(workflow.on.push).toEqual({ branches: ["main"], paths });
    expect(workflow.on.pull_request).toEqual({ branches: ["main"], paths });
    expect(workflow.permissions).toEqual({});
    expect(workflow.env).toEqual({ DAZZLE_VERSION: "0.4.2",
      DAZZLE_BASE_URL: "https://releases.dazzle.example" });
    expect(job.env).toEqual({ AWS_REGION: "eu-west-2" });
    expect(job.environment).toBe("staging");
    expect(job.if).toBe("github.event_name != 'pull_request'");
    expect(job.concurrency).toEqual(
      { group: "dazzle-deploy-staging", "cancel-in-progress": false },
    );
    expect(workflow.defaults.run.shell).toBe("bash");
  });

  test("every action is pinned by commit with its release in a comment; Node.js 24, npm cache",
    async () => {
      const { root } = await repository();
      await run(context(root, ["--github"]));
      const { text, steps } = await workflowAt(defaultOut(root));
      const uses = text.split("\n").filter((line) => /^\s*(- )?uses: /.test(line));
      expect(uses.length).toBeGreaterThanOrEqual(6);
      expect(uses.filter((line) => !pinnedUse.test(line))).toEqual([]);
      const setupNode = steps.find((s) => s.uses?.startsWith("actions/setup-node@"))!;
      expect(setupNode.with).toEqual({ "node-version": "24", cache: "npm",
        "cache-dependency-path": "infra/package-lock.json" });
    });

  test("generate, npm ci, bootstrap, synth, preflight and diff on that assembly, then deploy it",
    async () => {
      const { root } = await repository();
      await run(context(root, ["--github"]));
      const { steps, stepRunning } = await workflowAt(defaultOut(root));
      const order = [
        stepRunning("/install.sh\" | sh"),
        steps.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@")),
        stepRunning("dazzle deploy generate"),
        stepRunning("npm ci"),
        stepRunning("npx cdk bootstrap"),
        stepRunning("npx cdk synth"),
        stepRunning("dazzle deploy preflight -p . --assembly infra/cdk.out --format github"),
        stepRunning("dazzle deploy diff --assembly infra/cdk.out"),
        stepRunning("npx cdk deploy --app cdk.out --all --require-approval never"),
      ];
      expect(order.every((index) => index >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(steps[order[3]!]!.run).toBe("npm ci");
      expect(steps[order[3]!]!["working-directory"]).toBe("infra");
      // Only when the diff found changes.
      expect(steps[order[8]!]!.if).toBe("steps.diff.outputs.changes == 'true'");
    });

  test("pull requests: preflight as SARIF to code scanning, the diff in the summary, no deploy",
    async () => {
      const { root } = await repository();
      await run(context(root, ["--github"]));
      const { job, steps, stepRunning } = await workflowAt(defaultOut(root), "check");
      expect(job.if).toBe("github.event_name == 'pull_request'");
      expect(job.permissions).toEqual({ contents: "read", "security-events": "write" });
      expect(stepRunning("--format sarif")).toBeGreaterThan(stepRunning("npx cdk synth"));
      const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
      expect(upload?.with?.["sarif_file"]).toBe("${{ runner.temp }}/preflight.sarif");
      expect(stepRunning("GITHUB_STEP_SUMMARY")).toBeGreaterThan(0);
      expect(steps.filter((s) =>
        s.run?.includes("cdk deploy") ||
        s.uses?.startsWith("aws-actions/")
      )).toEqual([]);
      // Blocking findings fail the check, after the upload.
      expect(steps.at(-1)!.if).toBe("steps.preflight.outputs.exit == '1'");
    });

  test("the diff step treats exit 1 (changes) as success and other codes as failure", async () => {
    const { root } = await repository();
    await run(context(root, ["--github"]));
    const { steps, stepRunning } = await workflowAt(defaultOut(root));
    const script = steps[stepRunning("dazzle deploy diff")]!.run!;
    const outcome = (diffExit: number) => {
      const fake = script.replace("dazzle deploy diff --assembly infra/cdk.out",
        `(echo report; exit ${diffExit})`);
      const output = join(root, `out-${diffExit}`);
      const child = Bun.spawnSync(["bash", "-e", "-o", "pipefail", "-c", fake], {
        env: { PATH: "/usr/bin:/bin", GITHUB_OUTPUT: output, RUNNER_TEMP: root,
          GITHUB_STEP_SUMMARY: join(root, "summary") },
      });
      return [child.exitCode, Bun.spawnSync(["cat", output]).stdout.toString().trim()];
    };
    expect([outcome(0), outcome(1), outcome(2)]).toEqual([[0, "changes=false"], [0, "changes=true"],
      [2, ""]]);
    expect(Bun.spawnSync(["cat", join(root, "summary")]).stdout.toString())
      .toContain("### dazzle deploy diff\n```\nreport\n```\n");
  });

  test("assumes a role through OIDC by default, with the id-token permission", async () => {
    const { root } = await repository();
    const role = "arn:aws:iam::123456789012:role/dazzle-deploy";
    await run(context(root, ["--github", "--role-arn", role]));
    const { job, steps } = await workflowAt(defaultOut(root));
    expect(job.permissions).toEqual({ "id-token": "write", contents: "read" });
    const aws = steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
    expect(aws?.with?.["role-to-assume"]).toBe(role);
    expect(aws?.with?.["aws-access-key-id"]).toBeUndefined();
  });

  test("uses access keys only with --access-keys, and then drops id-token", async () => {
    const { root } = await repository();
    await run(context(root, ["--github", "--access-keys"]));
    const { job, steps } = await workflowAt(defaultOut(root));
    expect(job.permissions).toEqual({ contents: "read" });
    const aws = steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
    expect(aws?.with).toMatchObject({
      "aws-access-key-id": "${{ secrets.AWS_ACCESS_KEY_ID }}",
      "aws-secret-access-key": "${{ secrets.AWS_SECRET_ACCESS_KEY }}",
    });
    expect(aws?.with?.["role-to-assume"]).toBeUndefined();
  });

  test("a project in a subfolder gets prefixed triggers and working folders", async () => {
    const { root, project } = await repository("services/wallet");
    await run(context(project, ["--github"]));
    const { workflow, steps, stepRunning } = await workflowAt(defaultOut(root));
    expect(workflow.on.push.paths.slice(0, 4)).toEqual(["services/wallet/dsl/**",
      "services/wallet/dazzle.toml", "services/wallet/dazzle-acknowledgements.toml",
      "services/wallet/infra/lib/custom.ts"]);
    expect(workflow.defaults.run["working-directory"]).toBe("services/wallet");
    expect(steps[stepRunning("npx cdk deploy")]!["working-directory"])
      .toBe("services/wallet/infra");
    expect(steps[stepRunning("dazzle deploy preflight")]!.run).toContain(
      "-p services/wallet --assembly services/wallet/infra/cdk.out",
    );
  });

  test("an app built from a Dockerfile: changes in its build context trigger too", async () => {
    const { root, project } = await repository("services/wallet");
    await writeFile(join(project, "Dockerfile"), "FROM scratch\n");
    await run(context(project, ["--github"]));
    const { workflow } = await workflowAt(defaultOut(root));
    expect(workflow.on.push.paths).toContain("services/wallet/**");
  });

  test("refuses to overwrite an existing workflow without --force", async () => {
    const { root } = await repository();
    const out = join(root, "ci.yml");
    await writeFile(out, "mine\n");
    await expect(run(context(root, ["--github", "--out", "ci.yml"])))
      .rejects.toBeInstanceOf(UserError);
    expect(await readFile(out, "utf8")).toBe("mine\n");
    expect(await run(context(root, ["--github", "--out", "ci.yml", "--force"]))).toBe(0);
    expect(parse(await readFile(out, "utf8")).jobs["deploy-staging"]).toBeDefined();
  });

  test("rejects a missing --github, a bad role ARN, both auth modes and a plain-http base",
    async () => {
      const { root } = await repository();
      await expect(run(context(root, []))).rejects.toBeInstanceOf(UsageError);
      await expect(run(context(root, ["--github", "--role-arn", "deploy-role"])))
        .rejects.toThrow(/--role-arn/);
      await expect(
        run(
          context(root, ["--github", "--access-keys", "--role-arn",
            "arn:aws:iam::123456789012:role/x"]),
        ),
      ).rejects.toThrow(/exclude/);
      await expect(run(context(root, ["--github", "--base-url", "http://downloads.test"])))
        .rejects.toThrow(/https/);
    });
});

const actionlint = toolPaths.actionlint();
const actionlintMissing = !existsSync(actionlint);
if (actionlintMissing) console.warn(`skipped: actionlint not installed at ${actionlint}`);

describe.skipIf(actionlintMissing)("actionlint (with shellcheck on the run: scripts)", () => {
  for (const [label, args, projectPath] of [
    ["OIDC, project at the root", ["--github"], "."],
    ["access keys, project in a subfolder with a Dockerfile", ["--github", "--access-keys"],
      "services/wallet"],
  ] as const) {
    test(`the workflow is clean: ${label}`, async () => {
      const { root, project } = await repository(projectPath);
      if (projectPath !== ".") await writeFile(join(project, "Dockerfile"), "FROM scratch\n");
      await run(context(project, [...args]));
      const lint = Bun.spawnSync([actionlint, "-no-color", defaultOut(root)], { cwd: root,
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
      expect({ out: lint.stdout.toString(), err: lint.stderr.toString(), code: lint.exitCode })
        .toEqual({ out: "", err: "", code: 0 });
    });
  }

  test("actionlint does find problems (a broken workflow is not clean)", async () => {
    const { root } = await repository();
    await run(context(root, ["--github"]));
    const path = defaultOut(root);
    const text = await readFile(path, "utf8");
    await writeFile(path, text.replace("steps.diff.outputs.changes", "steps.dif.outputs.changes"));
    const lint = Bun.spawnSync([actionlint, "-no-color", path], { cwd: root });
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout.toString()).toContain("dif");
  });
});
