/**
 * A project of the original framework that uses its app-local vocabulary (`@use` lines and
 * `dazzle/local_vocab/manifest.yml`), checked, planned and synthesized by the compiled binary
 * with the build tree hidden: the YAML reader and the renderer are inside the binary.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { vocabularyProjectFiles as files } from "../../testing/vocabulary-project.ts";
import { makeSandbox, obtainBinary, runBinary, type Sandbox } from "./binary-harness.ts";

const buildTimeoutMs = 180_000;
const commandTimeoutMs = 120_000;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = makeSandbox(await obtainBinary());
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(sandbox.folder, "tasks", path, ".."), { recursive: true });
    writeFileSync(join(sandbox.folder, "tasks", path), text);
  }
}, buildTimeoutMs);
afterAll(() => rmSync(sandbox.folder, { recursive: true, force: true }));

test("check, deploy plan and deploy synth expand the @use lines", async () => {
  const check = await runBinary(sandbox, ["check", "-p", "tasks", "--format", "json"]);
  expect({ exitCode: check.exitCode, stderr: check.stderr }).toEqual({ exitCode: 0, stderr: "" });
  const report = JSON.parse(check.stdout) as { diagnostics: { severity: string }[] };
  expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const plan = await runBinary(sandbox, ["deploy", "plan", "-p", "tasks"]);
  expect(plan.exitCode).toBe(0);
  const synth = await runBinary(sandbox, ["deploy", "synth", "-p", "tasks", "--out", "out"]);
  expect(synth.exitCode).toBe(0);
  expect(existsSync(join(sandbox.folder, "out", "Compute.template.json"))).toBe(true);
}, commandTimeoutMs);

test("a misspelt entry is an error at its @use line, with the entry meant", async () => {
  writeFileSync(join(sandbox.folder, "tasks", "dsl", "app.dsl"), files["dsl/app.dsl"]!
    .replace("@use audit_fields(", "@use audit_field("));
  const check = await runBinary(sandbox, ["check", "-p", "tasks", "--no-color"]);
  expect(check.exitCode).toBe(1);
  expect(check.stdout + check.stderr).toContain("tasks/dsl/app.dsl:8:3: error[vocabulary/" +
    "unknownEntry]: '@use audit_field': dazzle/local_vocab/manifest.yml has no entry " +
    "'audit_field'");
  expect(check.stdout + check.stderr).toContain("  = hint: did you mean 'audit_fields'?");
  // Preflight's SARIF for CI marks the same line.
  const preflight = await runBinary(sandbox, ["deploy", "preflight", "-p", "tasks", "--format",
    "sarif"]);
  expect(preflight.exitCode).toBe(1);
  const [result] = JSON.parse(preflight.stdout).runs[0].results;
  expect([result.ruleId, result.locations[0].physicalLocation]).toEqual(["PROJECT_INVALID", {
    artifactLocation: { uri: "tasks/dsl/app.dsl" },
    region: { startLine: 8, startColumn: 3, endLine: 11, endColumn: 4 },
  }]);
}, commandTimeoutMs);
