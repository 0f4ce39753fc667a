/** `dazzle init`: writes the embedded example, never overwrites without --force. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync,
  symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadDeployConfig } from "../../config/index.ts";
import { exampleProjectFiles } from "../../embed/example-project.ts";
import { runInProcess } from "./fake-io.ts";

let folder = "";
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "dazzle-init-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

function listFiles(root: string, current = root): string[] {
  return readdirSync(current, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(root, join(current, entry.name))
      : [relative(root, join(current, entry.name))]
  ).sort();
}

/** What `deploy plan --json` makes of a project: app, environment, region. */
async function planned(dir: string) {
  const run = await runInProcess(["deploy", "plan", "-p", dir, "--json"], { env: {} });
  expect(run.exitCode).toBe(0);
  const plan = JSON.parse(run.stdout) as {
    aws: { app: string; environment: string; region: string };
  };
  return [plan.aws.app, plan.aws.environment, plan.aws.region];
}

describe("dazzle init", () => {
  test("names the app after its folder, and prints the first deploy's steps", async () => {
    const run = await runInProcess(["init", "my-app"], { cwd: folder, env: {} });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("Created the Dazzle project my-app in my-app (dev, us-east-1).\n" +
      "Next, the first deploy (README.md, \"First deploy\"):\n" +
      "  cd my-app\n" +
      "  dazzle check\n" +
      "  # the app's image: add a Dockerfile here, or set image in [deploy.compute]\n" +
      "  dazzle deploy artifacts --to s3://<your-bucket>/dazzle   # then set artifact_base_url\n" +
      "  dazzle deploy generate\n" +
      "  cd infra && npm ci\n" +
      "  npx cdk bootstrap\n" +
      "  npx cdk synth\n" +
      "  dazzle deploy preflight -p .. --assembly cdk.out\n" +
      "  npx cdk deploy --app cdk.out --all\n");
    const target = join(folder, "my-app");
    expect(listFiles(target)).toEqual(exampleProjectFiles.map((file) => file.path).sort());
    expect(readFileSync(join(target, "dsl/app.dsl"), "utf8"))
      .toContain("module my_app.core\n\napp my_app \"My App\":\n");
    expect(readFileSync(join(target, "dsl/ledgers.dsl"), "utf8")).toContain("use my_app.core\n");
    expect(await planned(target)).toEqual(["my-app", "dev", "us-east-1"]);
  });

  test("--name, --region and --environment are what the project deploys as", async () => {
    const run = await runInProcess(["init", "p", "--name", "shop", "--region", "eu-west-1",
      "--environment", "staging", "--quiet"], { cwd: folder, env: {} });
    expect([run.exitCode, run.stderr]).toEqual([0, ""]);
    expect(await planned(join(folder, "p"))).toEqual(["shop", "staging", "eu-west-1"]);
    const check = await runInProcess(["check", "-p", join(folder, "p"), "--format", "json"], {
      env: {},
    });
    expect(check.exitCode).toBe(0);
  });

  test("the region defaults to the AWS settings' region", async () => {
    await runInProcess(["init", "shop"], { cwd: folder, env: { AWS_REGION: "ap-southeast-2" } });
    expect(await planned(join(folder, "shop"))).toEqual(["shop", "dev", "ap-southeast-2"]);
  });

  test("no reference to anything the user does not have: secrets, mirror, e-mail commented",
    async () => {
      await runInProcess(["init", "shop", "--environment", "prod"], { cwd: folder, env: {} });
      const toml = readFileSync(join(folder, "shop", "dazzle.toml"), "utf8");
      const live = toml.split("\n").filter((line) => !line.trimStart().startsWith("#"));
      expect(live.join("\n")).not.toMatch(/secretsmanager:|ssm:|s3:\/\/|@|image =/);
      expect(toml).toContain("# stripe_api_key = \"secretsmanager:shop/stripe-api-key\"");
      const loaded = await loadDeployConfig(join(folder, "shop"), { dazzleVersion: "0.1.0" });
      expect(loaded.diagnostics).toEqual([]);
      expect(loaded.config!.secrets).toEqual([]);
      expect(loaded.config!.environment).toBe("prod");
    });

  test("on a terminal, asks what was not given, with defaults, until an answer is valid",
    async () => {
      const run = await runInProcess(["init", "My Shop"], { cwd: folder, env: {},
        answers: ["", "mars-1", "eu-central-1", "qa", "prod"] });
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toStartWith("App name [my-shop]: " +
        "AWS region [us-east-1]: it must be an AWS region like \"us-east-1\", but it is " +
        "\"mars-1\"\nAWS region [us-east-1]: " +
        "Environment (dev, staging, prod) [dev]: it must be one of dev, " +
        "staging, prod, but it is \"qa\"\nEnvironment (dev, staging, prod) [dev]: ");
      expect(await planned(join(folder, "My Shop"))).toEqual(["my-shop", "prod", "eu-central-1"]);
    });

  test("on a terminal, flags are not asked again; Ctrl-D cancels without writing", async () => {
    const cancelled = await runInProcess(["init", "shop", "--name", "shop"], { cwd: folder, env: {},
      answers: [] });
    expect(cancelled.exitCode).toBe(1);
    expect(cancelled.stderr)
      .toContain("AWS region [us-east-1]: error[init/cancelled]: init was cancelled");
    expect(existsSync(join(folder, "shop"))).toBe(false);
  });

  test("names that cannot name an app are usage errors, before anything is written", async () => {
    for (const [args, message] of [
      [["--name", "My_App"], "--name My_App: 'My_App' cannot name an app"],
      [["--region", "mars"], "--region mars: it must be an AWS region"],
      [["--environment", "qa"], "--environment qa: it must be one of dev, staging, prod"],
    ] as const) {
      const run = await runInProcess(["init", "shop", ...args], { cwd: folder, env: {} });
      expect([run.exitCode, run.stderr.split("\n")[0]]).toEqual([2,
        expect.stringContaining(message)]);
    }
    const underivable = await runInProcess(["init", "123"], { cwd: folder, env: {} });
    expect([underivable.exitCode, underivable.stderr.split("\n")[0]]).toEqual([2,
      "error: the folder name does not make an app name: pass --name"]);
    expect(listFiles(folder)).toEqual([]);
  });

  test("refuses to overwrite, lists the files, and writes nothing", async () => {
    mkdirSync(join(folder, "dsl"));
    writeFileSync(join(folder, "dazzle.toml"), "# mine\n");
    writeFileSync(join(folder, "dsl", "app.dsl"), "# mine\n");
    const run = await runInProcess(["init", "--name", "shop"], { cwd: folder });
    expect(run).toEqual({ exitCode: 1, stdout: "",
      stderr: "error[cli/wouldOverwrite]: . already has dazzle.toml, dsl/app.dsl; nothing was " +
        "written\n  = hint: pass --force to overwrite them, or choose an empty folder\n" });
    expect(listFiles(folder)).toEqual(["dazzle.toml", "dsl/app.dsl"]);
    expect(readFileSync(join(folder, "dazzle.toml"), "utf8")).toBe("# mine\n");
  });

  test("--force overwrites", async () => {
    writeFileSync(join(folder, "dazzle.toml"), "# mine\n");
    const run = await runInProcess(["init", "--force", "--quiet", "--name", "shop"], {
      cwd: folder,
    });
    expect([run.exitCode, run.stderr]).toEqual([0, ""]);
    expect(readFileSync(join(folder, "dazzle.toml"), "utf8")).toContain("for shop.");
  });
});

describe("the embedded example", () => {
  test("matches example/ in the repository, file for file", () => {
    const exampleDir = join(import.meta.dir, "../../example");
    expect(exampleProjectFiles.map((file) => file.path).sort()).toEqual(listFiles(exampleDir));
    for (const file of exampleProjectFiles) {
      expect(file.text).toBe(readFileSync(join(exampleDir, file.path), "utf8"));
    }
  });

  test("onto an existing file: a clear error, the file untouched", async () => {
    writeFileSync(join(folder, "notes.txt"), "mine\n");
    const run = await runInProcess(["init", "notes.txt"], { cwd: folder });
    expect([run.exitCode, run.stderr]).toEqual([1, "error[cli/wouldOverwrite]: notes.txt is a " +
      "file, not a folder; nothing was written\n" +
      "  = hint: name a new or existing folder for the project\n"]);
    expect(readFileSync(join(folder, "notes.txt"), "utf8")).toBe("mine\n");
  });

  test("a dangling dazzle.toml link is a conflict; --force replaces the link, not its target",
    async () => {
      symlinkSync(join(folder, "elsewhere", "dazzle.toml"), join(folder, "dazzle.toml"));
      const refused = await runInProcess(["init", "--name", "shop"], { cwd: folder });
      expect([refused.exitCode, refused.stderr.split("\n")[0]]).toEqual([1,
        "error[cli/wouldOverwrite]: . already has dazzle.toml; nothing was written"]);
      expect((await runInProcess(["init", "--force", "--name", "shop"], { cwd: folder }))
        .exitCode).toBe(0);
      expect(lstatSync(join(folder, "dazzle.toml")).isFile()).toBe(true);
      expect(existsSync(join(folder, "elsewhere"))).toBe(false);
    });
});
