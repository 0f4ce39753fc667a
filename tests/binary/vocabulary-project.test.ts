/**
 * A project of the original framework that uses its app-local vocabulary (`@use` lines and
 * `dazzle/local_vocab/manifest.yml`), checked, planned and synthesized by the compiled binary
 * with the build tree hidden: the YAML reader and the renderer are inside the binary.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeSandbox, obtainBinary, runBinary, type Sandbox } from "./binary-harness.ts";

const buildTimeoutMs = 180_000;
const commandTimeoutMs = 120_000;

const files: Record<string, string> = {
  "dazzle.toml": `[project]
name = "task_tracker"
version = "0.1.0"

[modules]
paths = ["./dsl"]

[deploy]
environment = "staging"
region = "eu-west-2"
`,
  "dsl/app.dsl": `module task_tracker.core

app task_tracker "Task Tracker"

entity User "User":
  id: uuid pk
  name: str(200) required

entity Task "Task":
  id: uuid pk
  title: str(200) required
  @use timestamps()

@use list_surface(entity_name=Task, title_field=title)
`,
  "dazzle/local_vocab/manifest.yml": `version: 1.0.0
app_id: task_tracker
dsl_core_version: 1.0.0
entries:
  - id: timestamps
    kind: macro
    scope: data
    parameters: []
    expansion:
      language: dazzle-core-dsl
      body: |
        created_at: datetime auto_add
        updated_at: datetime auto_update
  - id: list_surface
    kind: pattern
    scope: ui
    parameters:
      - name: entity_name
        type: string
        required: true
      - name: title_field
        type: string
        required: true
    expansion:
      language: dazzle-core-dsl
      body: |
        surface {{ entity_name | lower }}_list "{{ entity_name }} List":
          uses entity {{ entity_name }}
          mode: list
          section main "{{ entity_name }}s":
            field {{ title_field }} "{{ title_field | title }}"
`,
};

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
    .replace("@use timestamps()", "@use timestamp()"));
  const check = await runBinary(sandbox, ["check", "-p", "tasks", "--no-color"]);
  expect(check.exitCode).toBe(1);
  expect(check.stdout + check.stderr).toContain("tasks/dsl/app.dsl:12:3: error[vocabulary/" +
    "unknownEntry]: '@use timestamp': dazzle/local_vocab/manifest.yml has no entry 'timestamp'");
  expect(check.stdout + check.stderr).toContain("  = hint: did you mean 'timestamps'?");
}, commandTimeoutMs);
