/**
 * The one pipeline (pipeline/) and the one reporter (cli/reporter.ts): `check` runs every stage
 * `deploy plan` runs, so both report the same problems at the same paths; `--quiet` and
 * `--verbose` mean the same for every command.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPlanned, runPipeline } from "../../pipeline/index.ts";
import { runInProcess } from "../cli/fake-io.ts";
import "../frontend/test-env.ts";

const root = mkdtempSync(join(tmpdir(), "dazzle-pipeline-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A project `root/name` with `dsl/app.dsl` and, when given, dazzle.toml. */
function project(name: string, dsl: string, toml?: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "dsl"), { recursive: true });
  writeFileSync(join(dir, "dsl", "app.dsl"), dsl);
  if (toml !== undefined) writeFileSync(join(dir, "dazzle.toml"), toml);
  return dir;
}

/** `file:line:col: severity[code]` lines of a rendered report. */
function headlines(text: string): string[] {
  return text.split("\n").filter((line) => /^\S+:\d+:\d+: (error|warning|info)\[/.test(line))
    .map((line) => line.slice(0, line.indexOf("]") + 1));
}

const clock = () => 0;

describe("check and deploy plan run the same stages", () => {
  const cases = [
    { name: "interval-30s", dsl: "schedule tick:\n  interval: 30s\n",
      expected: "proj/dsl/app.dsl:1:1: error[plan/invalidRate]" },
    { name: "cron-minute-99", dsl: "schedule tick:\n  cron: \"99 1 * * *\"\n",
      expected: "proj/dsl/app.dsl:1:1: error[plan/invalidCron]" },
  ];
  for (const c of cases) {
    test(`${c.name}: both fail, with the same diagnostic at the same path`, async () => {
      const dir = project(join(c.name, "proj"), c.dsl);
      const cwd = join(dir, "..");
      const check = await runInProcess(["check", "-p", "proj"], { cwd });
      const plan = await runInProcess(["deploy", "plan", "-p", "proj"], { cwd });
      expect([check.exitCode, plan.exitCode]).toEqual([1, 1]);
      expect(headlines(check.stdout)).toEqual([c.expected]);
      expect(headlines(plan.stderr)).toEqual([c.expected]);
      expect(plan.stderr).toEndWith("\n1 error; nothing was done\n");
    });
  }

  test("an artifact URL with `$(` is refused by check, not only by synth", async () => {
    const dir = project("dollar", "app shop \"Shop\":\n  intent: \"sell\"\n",
      "[deploy.tigerbeetle]\nartifact_base_url = \"https://mirror.example.org/$(x)\"\n");
    const check = await runInProcess(["check"], { cwd: dir });
    expect(check.exitCode).toBe(1);
    expect(headlines(check.stdout))
      .toEqual(["dazzle.toml:2:1: error[config/invalidValue]"]);
  });
});

describe("runPipeline", () => {
  test("a stage whose input has errors is skipped, never run on half an input", async () => {
    const dir = project("syntax", "entity Broken \"B\":\n  name: str(\n");
    const run = await runPipeline(dir, { dazzleVersion: "0.1.0", purpose: "check", clock });
    expect(run.stages.map((s) => [s.stage, s.outcome])).toEqual([
      ["config", "ok"],
      ["frontend", "failed"],
      ["plan", "skipped"],
    ]);
    expect(run.plan).toBeUndefined();
    expect(isPlanned(run)).toBe(false);
  });

  test("a clean project is planned; `enabled = false` stops only deploy runs", async () => {
    const dir = project("disabled", "app shop \"Shop\":\n  intent: \"sell\"\n",
      "[deploy]\nenabled = false\n");
    const check = await runPipeline(dir, { dazzleVersion: "0.1.0", purpose: "check", clock });
    expect(isPlanned(check)).toBe(true);
    const deploy = await runPipeline(dir, { dazzleVersion: "0.1.0", purpose: "deploy", clock });
    expect(deploy.diagnostics.map((d) => d.code)).toEqual(["config/deployDisabled"]);
    expect(deploy.stages.map((s) => s.outcome)).toEqual(["failed", "ok", "skipped"]);
  });

  test("a missing folder is one diagnostic, no stage", async () => {
    const run = await runPipeline(join(root, "nowhere"), { dazzleVersion: "0.1.0", purpose: "check",
      clock });
    expect([run.diagnostics.map((d) => d.code), run.stages]).toEqual([
      ["project/folderMissing"],
      [],
    ]);
  });
});

describe("--quiet and --verbose mean the same for every command", () => {
  // A warning (lower-case currency) and an info (a channel config key the app reads).
  const dsl = "app shop \"Shop\":\n  intent: \"sell\"\n" +
    "ledger Cash:\n  account_code: 1\n  ledger_id: 1\n  account_type: asset\n" +
    "  currency: gbp\n" +
    "channel jobs:\n  kind: queue\n  config:\n    batch_size: 10\n";
  const dir = project("levels", dsl);
  const severities = (text: string) =>
    headlines(text).map((line) => line.slice(line.indexOf(": ") + 2, line.indexOf("[")));
  const commands = [["check"], ["deploy", "plan"]];

  for (const words of commands) {
    const name = words.join(" ");
    const out = (run: { stdout: string; stderr: string }) =>
      name === "check" ? run.stdout : run.stderr;

    test(`${name}: default shows the warning, not the info`, async () => {
      const run = await runInProcess(words, { cwd: dir });
      expect(run.exitCode).toBe(0);
      expect(severities(out(run))).toEqual(["warning"]);
    });

    test(`${name} --quiet: neither`, async () => {
      const run = await runInProcess([...words, "--quiet"], { cwd: dir });
      expect(severities(out(run))).toEqual([]);
    });

    test(`${name} --verbose: both, and the stages with their times`, async () => {
      const run = await runInProcess([...words, "--verbose"], { cwd: dir });
      expect(severities(out(run))).toEqual(["warning", "info"]);
      const stages = run.stderr.split("\n").filter((line) => line.startsWith("stage "));
      expect(stages.map((line) => line.split(/\s+/).slice(1, 3))).toEqual([
        ["config", "ok"],
        ["frontend", "ok"],
        ["plan", "ok"],
      ]);
      for (const line of stages) expect(line).toMatch(/ \d+\.\d ms/);
    });
  }

  test("deploy synth --verbose adds the synth stage", async () => {
    const run = await runInProcess(["deploy", "synth", "--verbose", "--out",
      join(root, "levels-out")], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/^stage synth +ok +\d+\.\d ms +\(\d stacks\)$/m);
  });
});
