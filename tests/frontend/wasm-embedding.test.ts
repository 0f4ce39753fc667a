/**
 * Both WebAssembly files (web-tree-sitter's runtime and grammar/dazzle.wasm) are embedded by
 * `bun build --compile`: a tiny entry that parses a DSL string is compiled once, copied into an
 * empty folder far from node_modules and the grammar, and run there.
 */
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { offlineEnv, repoRoot } from "./test-env.ts";

const compileTimeoutMs = 180_000;

const entry = join(import.meta.dir, "fixtures", "parse-dsl-entry.ts");

test("a compiled binary parses DSL with its embedded wasm, away from the build tree", () => {
  const buildDir = mkdtempSync(join(tmpdir(), "dazzle-embed-build-"));
  const runDir = mkdtempSync(join(tmpdir(), "dazzle-embed-run-"));
  try {
    const binary = join(buildDir, "parse-dsl");
    const build = spawnSync(process.execPath, ["build", "--compile", entry, "--outfile", binary], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: compileTimeoutMs,
      env: { ...process.env, ...offlineEnv },
    });
    expect(build.stderr.replace(/\s*\[\d+ms\].*$/gm, "").trim()).not.toContain("error");
    expect(build.status).toBe(0);
    const copied = join(runDir, "parse-dsl");
    copyFileSync(binary, copied);
    rmSync(buildDir, { recursive: true, force: true });
    const run = spawnSync(copied, [], { cwd: runDir, encoding: "utf8", timeout: 30_000,
      env: { ...offlineEnv, PATH: "/usr/bin:/bin", HOME: runDir } });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ ledgers: [["Wallet", 7, "EUR"]], diagnostics: 0,
      embedded: true });
    expect(run.status).toBe(0);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(runDir, { recursive: true, force: true });
  }
}, compileTimeoutMs);
