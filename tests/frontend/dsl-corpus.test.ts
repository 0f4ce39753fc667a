/**
 * The real-world corpus (../shared/dsl-corpus, the original layout: `<project>/dazzle.toml` and
 * `<project>/dsl/*.dsl`): every file parses with no syntax error and every project checks with
 * no error, both through the API and through `dazzle check`.
 */
import { describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSources } from "../../frontend/index.ts";
import { runInProcess } from "../cli/fake-io.ts";
import { corpusDslFiles, corpusProjects, dslCorpusDir, hasDslCorpus,
  skipWithoutCorpus } from "./test-env.ts";

skipWithoutCorpus("DSL corpus");

const projects = corpusProjects;

/**
 * A temporary copy of a corpus project as a user would deploy it: its DSL, its dazzle.toml as
 * the authors wrote it, plus a [deploy] section (and a Dockerfile, the app's image).
 */
function corpusProjectWithDeploy(name: string): string {
  const projectDir = mkdtempSync(join(tmpdir(), `dazzle-corpus-${name}-`));
  cpSync(join(dslCorpusDir, name, "dsl"), join(projectDir, "dsl"), { recursive: true });
  const original = readFileSync(join(dslCorpusDir, name, "dazzle.toml"), "utf8");
  writeFileSync(join(projectDir, "dazzle.toml"), original + "\n[deploy]\n" +
    "environment = \"staging\"\nregion = \"eu-west-2\"\n\n[deploy.tigerbeetle]\n" +
    "artifact_base_url = \"s3://artifacts-bucket/dazzle\"\n");
  writeFileSync(join(projectDir, "Dockerfile"), "FROM scratch\n");
  return projectDir;
}
const readProject = corpusDslFiles;

describe.if(hasDslCorpus)("DSL corpus", () => {
  test("has the three documented projects", () => {
    expect(projects).toEqual(
      expect.arrayContaining(["acme_billing", "fieldtest_hub", "simple_task"]),
    );
  });

  for (const name of projects) {
    test(`${name}: every file parses, the project has no error`, async () => {
      const files = readProject(name);
      expect(files.length).toBeGreaterThan(0);
      const loaded = await loadSources(files);
      const problems = loaded.diagnostics.filter((d) =>
        d.severity === "error" || d.code.startsWith("syntax/")
      );
      expect(problems).toEqual([]);
      // Nothing is dropped: every top-level line of every file became an IR node.
      const spec = loaded.appSpec;
      const nodes = [spec.entities, spec.ledgers, spec.transactions, spec.channels, spec.schedules,
        spec.services, spec.webhooks, spec.others]
        .reduce((sum, list) => sum + list.length, spec.app ? 1 : 0);
      const topLevelLines = files.reduce((sum, file) =>
        sum + file.text.split("\n")
          .filter((line) => /^[A-Za-z_"']/.test(line) && !/^(module|use) /.test(line)).length, 0);
      expect(nodes).toBe(topLevelLines);
    });

    test(`${name}: with its own dazzle.toml plus [deploy], check is clean and deploy plan ` +
      "and synth succeed", async () => {
      const projectDir = corpusProjectWithDeploy(name);
      try {
        const check = await runInProcess(["check", "--format", "json"], { cwd: projectDir });
        const report = JSON.parse(check.stdout);
        expect(report.diagnostics.filter((d: { severity: string }) => d.severity === "error"))
          .toEqual([]);
        expect(check.exitCode).toBe(0);
        const plan = await runInProcess(["deploy", "plan"], { cwd: projectDir });
        expect([plan.exitCode, plan.stdout]).toEqual([0,
          expect.stringContaining(`Deployment plan for ${name.replace(/_/g, "-")} (staging)`)]);
        const synth = await runInProcess(["deploy", "synth"], { cwd: projectDir });
        expect(synth.exitCode).toBe(0);
        expect(synth.stdout).toContain(`${name.replace(/_/g, "-")}-staging-Network`);
      } finally {
        rmSync(projectDir, { recursive: true, force: true });
      }
    }, 60_000);
  }

  test("fieldtest_hub's ledgers and transaction are interpreted", async () => {
    const loaded = await loadSources(readProject("fieldtest_hub"));
    expect(loaded.appSpec.ledgers.map((l) => [l.name, l.accountCode, l.ledgerId, l.currency]))
      .toEqual([["DeviceCost", 5100, 1, "GBP"], ["OperationsBudget", 1100, 1, "GBP"]]);
    expect(loaded.appSpec.transactions[0]!.transfers[0]).toMatchObject({
      debit: "DeviceCost",
      credit: "OperationsBudget",
    });
  });

  test("simple_task's channels and cron schedules are interpreted", async () => {
    const loaded = await loadSources(readProject("simple_task"));
    expect(loaded.appSpec.channels.map((c) => [c.name, c.kind])).toEqual([
      ["notifications", "email"],
      ["digests", "email"],
      ["task_queue", "queue"],
    ]);
    expect(loaded.appSpec.schedules.map((s) => [s.name, s.expression])).toEqual([
      ["daily_overdue_check", "0 9 * * *"],
      ["weekly_team_report", "0 9 * * MON"],
    ]);
  });
});
