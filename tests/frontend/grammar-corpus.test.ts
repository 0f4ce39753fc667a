/**
 * The grammar's own specification: tree-sitter's corpus tests (grammar/test/corpus/*.txt) run by
 * the pinned CLI, the awkward-input examples parse without error, and the committed generated
 * files (parser.c, dazzle.wasm, ...) are what the regenerate script produces.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { toolPaths } from "../../scripts/tools.ts";
import { offlineEnv, repoRoot } from "./test-env.ts";

const grammarDir = join(repoRoot, "grammar");
const treeSitter = toolPaths.treeSitter();
const hasTreeSitter = existsSync(treeSitter);
/** tree-sitter compiles the grammar natively on first use: allow for that. */
const cliTimeoutMs = 120_000;

function runTool(command: string, args: string[], cwd: string) {
  return spawnSync(command, args, { cwd, encoding: "utf8", timeout: cliTimeoutMs,
    env: { ...process.env, ...offlineEnv, NO_COLOR: "1", TREE_SITTER_JS_RUNTIME: "node" } });
}

if (!hasTreeSitter) {
  test.skip(`grammar corpus: ${treeSitter} is missing (run scripts/install-test-tools.ts)`,
    () => {});
}

describe.if(hasTreeSitter)("grammar", () => {
  test("tree-sitter corpus tests pass", () => {
    const result = runTool(treeSitter, ["test"], grammarDir);
    const output = result.stdout + result.stderr;
    expect(output).toContain("success percentage: 100.00%");
    expect(output).not.toContain("✗");
    expect(result.status).toBe(0);
  }, cliTimeoutMs);

  test("awkward examples (tabs, CRLF, trailing spaces, no final newline) parse cleanly", () => {
    const examples = readdirSync(join(grammarDir, "examples")).filter((f) => f.endsWith(".dsl"))
      .map((f) => join("examples", f));
    expect(examples.length).toBeGreaterThanOrEqual(5);
    const result = runTool(treeSitter, ["parse", "--quiet", ...examples], grammarDir);
    expect(result.stdout).not.toMatch(/ERROR|MISSING/);
    expect(result.status).toBe(0);
  }, cliTimeoutMs);

  test("highlights.scm marks construct keywords, names, properties and strings", () => {
    const result = runTool(treeSitter, ["query", "queries/highlights.scm", "examples/tabs.dsl"],
      grammarDir);
    expect(result.status).toBe(0);
    const captures = [...result.stdout.matchAll(/capture: \d+ - ([\w.]+), .*text: `([^`]*)`/g)]
      .map((match) => `${match[1]} ${match[2]}`);
    expect(captures).toEqual(
      expect.arrayContaining(["keyword.import module", "keyword entity", "type Task",
        "string \"Task\"", "property id"]),
    );
  }, cliTimeoutMs);

  test("committed parser.c and dazzle.wasm are current", () => {
    const bun = process.execPath;
    const result = runTool(bun, ["scripts/regenerate-grammar.ts", "--check"], repoRoot);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, cliTimeoutMs);
});
