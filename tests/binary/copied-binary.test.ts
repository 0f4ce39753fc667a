/**
 * The compiled binary works when copied anywhere: no node_modules, no build tree, its own cache.
 * Commands that land with other issues (plan, synth) are exercised as soon as they exist.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dazzleVersion } from "../../cli/version.ts";
import { makeSandbox, obtainBinary, runBinary, type Sandbox } from "./binary-harness.ts";

const buildTimeoutMs = 180_000;
const commandsDir = join(import.meta.dir, "../../cli/commands");
const hasPlan = existsSync(join(commandsDir, "deploy-plan.ts"));
const hasSynth = existsSync(join(commandsDir, "deploy-synth.ts"));
const hasGenerate = existsSync(join(commandsDir, "deploy-generate.ts"));
const hasCheck = existsSync(join(commandsDir, "check.ts"));

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = makeSandbox(await obtainBinary());
}, buildTimeoutMs);
afterAll(() => rmSync(sandbox.folder, { recursive: true, force: true }));

describe("the binary copied into an empty folder", () => {
  test("--help lists the commands", async () => {
    const run = await runBinary(sandbox, ["--help"]);
    expect([run.exitCode, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toContain("\n  deploy plan ");
  });

  test("--version names the version and the commit it was built from", async () => {
    const run = await runBinary(sandbox, ["--version"]);
    expect(run.exitCode).toBe(0);
    const expected = new RegExp(`^dazzle ${dazzleVersion} \\([0-9a-f]{12}(\\+dirty)?\\)\\n$`);
    expect(run.stdout).toMatch(expected);
  });

  test("an unknown command is a usage error without a stack", async () => {
    const run = await runBinary(sandbox, ["deploy", "plna"]);
    expect(run).toEqual({ exitCode: 2, stdout: "",
      stderr: "error: unknown command 'dazzle deploy plna'\n" +
        "hint: did you mean 'dazzle deploy plan'?\n" });
  });

  test("init writes the embedded example", async () => {
    const run = await runBinary(sandbox, ["init", "shop", "--quiet"]);
    expect(run.exitCode).toBe(0);
    expect(readdirSync(join(sandbox.folder, "shop")).sort()).toEqual(["dazzle.toml", "dsl"]);
  });

  test.skipIf(!hasPlan)("deploy plan runs on the example project", async () => {
    await runBinary(sandbox, ["init", "plan-app", "--quiet", "--region", "eu-west-2",
      "--environment", "staging"]);
    const run = await runBinary(sandbox, ["deploy", "plan", "-p", "plan-app", "--json"]);
    expect([run.exitCode, run.stderr.includes("error")]).toEqual([0, false]);
    const plan = JSON.parse(run.stdout) as {
      aws: { app: string; environment: string; region: string };
    };
    expect([plan.aws.app, plan.aws.environment, plan.aws.region]).toEqual(["plan-app", "staging",
      "eu-west-2"]);
  });

  test.skipIf(!hasSynth)("deploy synth writes a cloud assembly of valid templates", async () => {
    await runBinary(sandbox, ["init", "synth-app", "--quiet"]);
    const run = await runBinary(sandbox, ["deploy", "synth", "-p", "synth-app", "--out", "out"]);
    expect([run.exitCode, run.stderr.includes("error")]).toEqual([0, false]);
    const out = join(sandbox.folder, "out");
    const templates = readdirSync(out).filter((name) => name.endsWith(".template.json"));
    expect(templates.length).toBeGreaterThan(0);
    for (const name of templates) {
      const template = JSON.parse(readFileSync(join(out, name), "utf8")) as {
        Resources?: Record<string, unknown>;
      };
      expect({ name, resources: Object.keys(template.Resources ?? {}).length > 0 })
        .toEqual({ name, resources: true });
    }
  });

  test.skipIf(!hasSynth)("deploy synth --out inside a project with a Dockerfile stages the " +
    "app once, without the assembly", async () => {
    await runBinary(sandbox, ["init", "docker-app", "--quiet"]);
    const project = join(sandbox.folder, "docker-app");
    writeFileSync(join(project, "Dockerfile"), "FROM scratch\nCOPY dsl /dsl\n");
    const run = await runBinary(sandbox, ["deploy", "synth", "--out", "out"], project);
    expect([run.exitCode, run.stderr.includes("error")]).toEqual([0, false]);
    const assets = readdirSync(join(project, "out")).filter((name) => name.startsWith("asset."));
    expect(assets).toHaveLength(1);
    const staged = join(project, "out", assets[0]!);
    expect(readdirSync(staged).sort()).toEqual(["Dockerfile", "dazzle.toml", "dsl"]);
  });

  test.skipIf(!hasCheck)("check validates the example (the DSL grammar is embedded)", async () => {
    await runBinary(sandbox, ["init", "check-app", "--quiet"]);
    const run = await runBinary(sandbox, ["check", "-p", "check-app", "--format", "json"]);
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout) as { diagnostics: { severity: string }[] };
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  test.skipIf(!hasGenerate)("deploy generate writes the CDK app from embedded sources",
    async () => {
      await runBinary(sandbox, ["init", "gen-app", "--quiet"]);
      const run = await runBinary(sandbox, ["deploy", "generate", "-p", "gen-app"]);
      expect([run.exitCode, run.stderr.includes("error")]).toEqual([0, false]);
      const infra = join(sandbox.folder, "gen-app", "infra");
      const manifest = JSON.parse(readFileSync(join(infra, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
      };
      expect(Object.keys(manifest.dependencies ?? {})).toContain("aws-cdk-lib");
      expect(existsSync(join(infra, "bin", "app.ts"))).toBe(true);
    });
});
