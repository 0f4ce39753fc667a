/**
 * Every command of `cli/commands.ts` runs from the compiled binary with the build tree hidden
 * (binary-harness.ts: a tmpfs over the checkout, no network), on a project that changed since
 * its last `deploy generate` — the state in which `deploy diff` and `deploy preflight` used to
 * crash reading `node_modules/@aws-cdk/aws-service-spec/db.json.gz` (issue 13).
 *
 * The commands come from the command table, so a command added later is run too: with a
 * scenario below when it has one, else `--help` and a plain run on the project, which must end
 * with a known exit code and no internal error.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { commandTable } from "../../cli/commands.ts";
import { makeSandbox, obtainBinary, runBinary, type BinaryRun,
  type Sandbox } from "./binary-harness.ts";

const buildTimeoutMs = 180_000;
const commandTimeoutMs = 60_000;

let sandbox: Sandbox;
/** The project every scenario copies: generated once, then dazzle.toml edited. */
let changedProject = "";

beforeAll(async () => {
  sandbox = makeSandbox(await obtainBinary());
  expectClean(await runBinary(sandbox, ["init", "base", "--quiet"]), 0);
  expectClean(await runBinary(sandbox, ["deploy", "generate", "-p", "base", "--quiet"]), 0);
  changedProject = join(sandbox.folder, "base");
  const tomlPath = join(changedProject, "dazzle.toml");
  const toml = readFileSync(tomlPath, "utf8");
  const edited = toml.replace(/^\[deploy\.tigerbeetle\]$/m, "$&\nvolume_iops = 12000");
  if (edited === toml) throw new Error("the example's dazzle.toml has no [deploy.tigerbeetle]");
  writeFileSync(tomlPath, edited);
}, buildTimeoutMs);
afterAll(() => rmSync(sandbox.folder, { recursive: true, force: true }));

/** A fresh copy of the changed project for one command, so commands cannot affect each other. */
function projectFor(name: string): string {
  const copy = `project-${name.replace(/\W+/g, "-")}`;
  cpSync(changedProject, join(sandbox.folder, copy), { recursive: true });
  return copy;
}

/** No internal error, no stack, no path of the build machine or of the embedded file system. */
function expectClean(run: BinaryRun, ...exitCodes: number[]): void {
  const output = run.stdout + run.stderr;
  expect({ exitCode: exitCodes.includes(run.exitCode), internal: /internal error/.test(output),
    enoent: /ENOENT/.test(output), bunfs: output.includes("$bunfs"), output: run.exitCode ===
          70 || !exitCodes.includes(run.exitCode) ?
      output.slice(0, 2000) :
      "" })
    .toEqual({ exitCode: true, internal: false, enoent: false, bunfs: false, output: "" });
}

type Scenario = (project: string) => Promise<void>;

const scenarios: Record<string, Scenario> = {
  "init": async () => {
    const run = await runBinary(sandbox, ["init", "fresh", "--quiet"]);
    expectClean(run, 0);
    expect(existsSync(join(sandbox.folder, "fresh", "dazzle.toml"))).toBe(true);
  },
  "check": async (project) => {
    const run = await runBinary(sandbox, ["check", "-p", project, "--format", "json"]);
    expectClean(run, 0);
    const report = JSON.parse(run.stdout) as { diagnostics: { severity: string }[] };
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  },
  "deploy plan": async (project) => {
    const run = await runBinary(sandbox, ["deploy", "plan", "-p", project, "--json"]);
    expectClean(run, 0);
    expect(JSON.parse(run.stdout)).toHaveProperty("aws");
  },
  "deploy synth": async (project) => {
    const out = `${project}-synth`;
    expectClean(await runBinary(sandbox, ["deploy", "synth", "-p", project, "--out", out]), 0);
    expect(existsSync(join(sandbox.folder, out, "TigerBeetle.template.json"))).toBe(true);
  },
  "deploy generate": async (project) => {
    const run = await runBinary(sandbox, ["deploy", "generate", "-p", project]);
    expectClean(run, 0);
    const infra = join(sandbox.folder, project, "infra");
    expect(readFileSync(join(infra, ".dazzle", "templates", "TigerBeetle.json"), "utf8"))
      .toContain("12000");
  },
  "deploy preflight": async (project) => {
    const run = await runBinary(sandbox, ["deploy", "preflight", "-p", project, "--format", "json",
      "--against", "record"]);
    expectClean(run, 0, 1);
    const report = JSON.parse(run.stdout) as { passed: boolean; findings: { ruleId: string }[] };
    expect(report.findings.map((f) => f.ruleId)).not.toContain("SYNTH_FAILED");
    expect(run.exitCode).toBe(report.passed ? 0 : 1);
  },
  "deploy diff": async (project) => {
    const run = await runBinary(sandbox, ["deploy", "diff", "-p", project, "--json", "--against",
      "record"]);
    expectClean(run, 1);
    const diff = JSON.parse(run.stdout) as {
      stacks: { name: string; resources: { properties: { name: string; after?: unknown }[] }[] }[];
    };
    const tigerBeetle = diff.stacks.find((stack) => stack.name === "TigerBeetle");
    const iops = tigerBeetle?.resources.flatMap((r) => r.properties)
      .filter((p) => p.name === "Iops").map((p) => p.after);
    expect(iops?.length).toBeGreaterThan(0);
    expect(new Set(iops)).toEqual(new Set([12000]));
  },
  "deploy ci": async (project) => {
    const out = join(project, "workflow.yml");
    const run = await runBinary(sandbox, ["deploy", "ci", "--github", "-p", project,
      "--access-keys", "--out", out]);
    expectClean(run, 0);
    expect(readFileSync(join(sandbox.folder, out), "utf8")).toContain("dazzle deploy preflight");
  },
  "agent": async () => {
    const run = await runBinary(sandbox, ["agent", "--help"]);
    expectClean(run, 0);
    expect(run.stdout).toContain("dazzle agent");
  },
};

/** A command without a scenario: its help, and a run on the project that ends cleanly. */
async function anyCommand(words: readonly string[], project: string): Promise<void> {
  expectClean(await runBinary(sandbox, [...words, "--help"]), 0);
  expectClean(await runBinary(sandbox, [...words, "-p", project]), 0, 1, 2);
}

describe("every command from the binary, build tree hidden, project changed since generate", () => {
  for (const entry of commandTable) {
    const name = entry.words.join(" ");
    test(name, async () => {
      const project = projectFor(name);
      await (scenarios[name] ?? ((p: string) => anyCommand(entry.words, p)))(project);
    }, commandTimeoutMs);
  }
});
