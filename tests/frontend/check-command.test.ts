/**
 * `dazzle check`: exit codes, text and JSON output, as a user sees them.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run as runCheck } from "../../cli/commands/check.ts";
import { UsageError, UserError } from "../../cli/errors.ts";
import { fakeContext, repoRoot } from "./test-env.ts";

const root = mkdtempSync(join(tmpdir(), "dazzle-check-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function projectWith(name: string, dsl: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "dsl"), { recursive: true });
  for (const [file, text] of Object.entries(dsl)) writeFileSync(join(dir, "dsl", file), text);
  // An app image, so the plan (which check runs) has no `plan/noAppImage` warning to add.
  writeFileSync(join(dir, "Dockerfile"), "FROM scratch\n");
  return dir;
}

describe("dazzle check", () => {
  test("the example project checks clean: exit 0 and a one-line summary", async () => {
    const dir = join(root, "example");
    cpSync(join(repoRoot, "example"), dir, { recursive: true });
    writeFileSync(join(dir, "Dockerfile"), "FROM scratch\n");
    const { context, out } = fakeContext(dir, []);
    expect(await runCheck(context)).toBe(0);
    expect(out.stdout).toBe("checked 3 DSL files and dazzle.toml: 0 errors, 0 warnings\n");
  });

  test("errors are printed compiler-style with a caret and exit 1", async () => {
    projectWith("bad", { "a.dsl": "ledger A:\n  account_code: 0\n" });
    const { context, out } = fakeContext(root, ["-p", "bad"]);
    expect(await runCheck(context)).toBe(1);
    expect(out.stdout).toContain(
      "bad/dsl/a.dsl:2:17: error[value/outOfRange]: 'account_code' is 0, outside 1–65535 " +
        "(TigerBeetle account code)\n  |\n2 |   account_code: 0\n  |                 ^\n",
    );
    expect(out.stdout).toMatch(/checked 1 DSL file and dazzle\.toml: 4 errors, 0 warnings\n$/);
  });

  test("--format json gives the diagnostics as data plus a summary", async () => {
    const dir = projectWith("warn", {
      "a.dsl": "schedule cleanup:\n  steps: purge\n",
    });
    const { context, out } = fakeContext(dir, ["--format", "json"]);
    expect(await runCheck(context)).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.summary).toEqual({ files: 1, errors: 0, warnings: 1, infos: 0 });
    expect(report.diagnostics).toEqual([{ code: "schedule/noTrigger", severity: "warning",
      message: "schedule 'cleanup' has no 'cron' or 'every': nothing will run it",
      span: { file: "dsl/a.dsl", line: 1, column: 1, endLine: 1, endColumn: 17 },
      hint: "add e.g. cron: \"0 2 * * *\" or every: 24h" }]);
  });

  test("a project without dsl/ reports project/noDslFiles and exits 1", async () => {
    const dir = join(root, "empty");
    mkdirSync(dir);
    const { context, out } = fakeContext(dir, ["--format", "json"]);
    expect(await runCheck(context)).toBe(1);
    expect(JSON.parse(out.stdout).diagnostics.map((d: { code: string }) => d.code))
      .toEqual(["project/noDslFiles"]);
  });

  test("a missing project folder is a user error, not a stack trace", async () => {
    const { context } = fakeContext(root, ["-p", "nowhere"]);
    expect(runCheck(context)).rejects.toBeInstanceOf(UserError);
  });

  test("an unknown --format is a usage error", async () => {
    const { context } = fakeContext(root, ["--format", "yaml"]);
    expect(runCheck(context)).rejects.toBeInstanceOf(UsageError);
  });
});
