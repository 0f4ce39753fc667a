/**
 * `dazzle deploy ci --github` writes a workflow GitHub can run: parsed back with `yaml`, it has
 * the triggers, permissions, steps and AWS authentication the user asked for.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import type { CommandContext } from "../../cli/command.ts";
import { run } from "../../cli/commands/deploy-ci.ts";
import { UsageError, UserError } from "../../cli/errors.ts";

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

function context(cwd: string, args: string[]): CommandContext & { out: string[] } {
  const out: string[] = [];
  return {
    args, cwd, env: {}, color: false, quiet: false, verbose: false, out,
    stdout: (text) => out.push(text), stderr: (text) => out.push(text),
  };
}

interface Step { name?: string; uses?: string; run?: string; id?: string;
  with?: Record<string, string>; "working-directory"?: string }

async function workflowAt(path: string) {
  const workflow = parse(await readFile(path, "utf8"));
  const steps: Step[] = workflow.jobs.deploy.steps;
  const stepRunning = (fragment: string) => steps.findIndex((s) => s.run?.includes(fragment));
  return { workflow, steps, stepRunning };
}

const defaultOut = (root: string) => join(root, ".github", "workflows", "dazzle-deploy.yml");

describe("dazzle deploy ci --github", () => {
  test("deploys on pushes to dsl/ and dazzle.toml, one environment at a time", async () => {
    const { root } = await repository();
    expect(await run(context(root, ["--github", "--dazzle-version", "0.4.2"]))).toBe(0);
    const { workflow } = await workflowAt(defaultOut(root));
    expect(workflow.on.push.paths).toEqual(
      ["dsl/**", "dazzle.toml", ".github/workflows/dazzle-deploy.yml"]);
    expect(workflow.on.push.branches).toEqual(["main"]);
    expect(workflow.concurrency).toEqual(
      { group: "dazzle-deploy-staging", "cancel-in-progress": false });
    expect(workflow.env).toMatchObject({ DAZZLE_VERSION: "0.4.2", AWS_REGION: "eu-west-2" });
    expect(workflow.defaults.run.shell).toBe("bash");
  });

  test("runs install, diff, preflight, generate, credentials, npm and cdk deploy in order",
    async () => {
      const { root } = await repository();
      await run(context(root, ["--github"]));
      const { steps, stepRunning } = await workflowAt(defaultOut(root));
      // diff and preflight judge against the committed record, which generate rewrites
      const order = [
        stepRunning("/install.sh\" | sh"),
        stepRunning("dazzle deploy diff"),
        stepRunning("dazzle deploy preflight --format github"),
        stepRunning("dazzle deploy generate"),
        steps.findIndex((s) => s.uses === "aws-actions/configure-aws-credentials@v4"),
        stepRunning("npm ci || npm install"),
        stepRunning("npx cdk deploy --all --require-approval never"),
      ];
      expect(order.every((index) => index >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(steps[order[5]!]!["working-directory"]).toBe("infra");
      const setupNode = steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
      expect(setupNode?.with?.["node-version"]).toMatch(/^\d+\.\d+\.\d+$/);
    });

  test("the diff step treats exit 1 (changes) as success and other codes as failure",
    async () => {
      const { root } = await repository();
      await run(context(root, ["--github"]));
      const { steps, stepRunning } = await workflowAt(defaultOut(root));
      const script = steps[stepRunning("dazzle deploy diff")]!.run!;
      const outcome = (diffExit: number) => {
        const fake = script.replace("dazzle deploy diff", `(exit ${diffExit})`);
        const child = Bun.spawnSync(["bash", "-e", "-o", "pipefail", "-c", fake],
          { env: { PATH: "/usr/bin:/bin", GITHUB_OUTPUT: "/dev/null",
            GITHUB_STEP_SUMMARY: "/dev/null" } });
        return child.exitCode;
      };
      expect([outcome(0), outcome(1), outcome(2)]).toEqual([0, 0, 2]);
    });

  test("assumes a role through OIDC by default, with the id-token permission", async () => {
    const { root } = await repository();
    const role = "arn:aws:iam::123456789012:role/dazzle-deploy";
    await run(context(root, ["--github", "--role-arn", role]));
    const { workflow, steps } = await workflowAt(defaultOut(root));
    expect(workflow.permissions).toEqual({ "id-token": "write", contents: "read" });
    const aws = steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
    expect(aws?.with?.["role-to-assume"]).toBe(role);
    expect(aws?.with?.["aws-access-key-id"]).toBeUndefined();
  });

  test("uses access keys only with --access-keys, and then drops id-token", async () => {
    const { root } = await repository();
    await run(context(root, ["--github", "--access-keys"]));
    const { workflow, steps } = await workflowAt(defaultOut(root));
    expect(workflow.permissions).toEqual({ contents: "read" });
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
    expect(workflow.on.push.paths.slice(0, 2)).toEqual(
      ["services/wallet/dsl/**", "services/wallet/dazzle.toml"]);
    expect(workflow.defaults.run["working-directory"]).toBe("services/wallet");
    expect(steps[stepRunning("npx cdk deploy")]!["working-directory"])
      .toBe("services/wallet/infra");
  });

  test("refuses to overwrite an existing workflow without --force", async () => {
    const { root } = await repository();
    const out = join(root, "ci.yml");
    await writeFile(out, "mine\n");
    await expect(run(context(root, ["--github", "--out", "ci.yml"])))
      .rejects.toBeInstanceOf(UserError);
    expect(await readFile(out, "utf8")).toBe("mine\n");
    expect(await run(context(root, ["--github", "--out", "ci.yml", "--force"]))).toBe(0);
    expect(parse(await readFile(out, "utf8")).jobs.deploy).toBeDefined();
  });

  test("rejects a missing --github, a bad role ARN, both auth modes and a plain-http base",
    async () => {
      const { root } = await repository();
      await expect(run(context(root, []))).rejects.toBeInstanceOf(UsageError);
      await expect(run(context(root, ["--github", "--role-arn", "deploy-role"])))
        .rejects.toThrow(/--role-arn/);
      await expect(run(context(root, ["--github", "--access-keys", "--role-arn",
        "arn:aws:iam::123456789012:role/x"]))).rejects.toThrow(/exclude/);
      await expect(run(context(root, ["--github", "--base-url", "http://downloads.test"])))
        .rejects.toThrow(/https/);
    });
});
