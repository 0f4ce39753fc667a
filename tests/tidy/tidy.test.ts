/**
 * The tidy rules (tests/tidy/tidy.ts) on this repository: every file git knows of (committed or
 * not yet, but not ignored). Each rule is its own test so a failure names the rule.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkAbsolutePaths, checkExports, checkFileReferences, checkImports, checkLineLength,
  generatedAppImports, type SourceFile, staleExceptions, unexcused,
  type Violation } from "./tidy.ts";

const root = resolve(import.meta.dir, "..", "..");
/** Text files only; generated and vendored bulk (the tree-sitter parser, the lockfile) aside. */
const textFile = /\.(ts|js|json|md|sh|toml|yml|yaml|dsl|c|h|txt)$|^\.ci\/run$|^install\.sh$/;
const bulk =
  /^grammar\/src\/(parser\.c|grammar\.json|node-types\.json|tree_sitter\/)|^package-lock\.json$/;

function repositoryFiles(): SourceFile[] {
  const listing = Bun.spawnSync(["git", "ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
  });
  if (listing.exitCode !== 0) throw new Error(`git ls-files failed: ${listing.stderr}`);
  return listing.stdout.toString().split("\n")
    .filter((path) => textFile.test(path) && !bulk.test(path) && existsSync(join(root, path)))
    .map((path) => ({ path, text: readFileSync(join(root, path), "utf8") }));
}

const files = repositoryFiles();
const exists = (path: string) =>
  existsSync(join(root, path)) &&
  (statSync(join(root, path)).isFile() || statSync(join(root, path)).isDirectory());
const shown = (violations: Violation[]) =>
  unexcused(violations).map((violation) =>
    `${violation.path}:${violation.line}: ${violation.message}`
  );

describe("tidy", () => {
  test("reads the repository", () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files.some((file) => file.path === "main.ts")).toBe(true);
  });

  test("lines are at most 100 columns", () => {
    expect(shown(checkLineLength(files))).toEqual([]);
  });

  test("no absolute paths of one machine", () => {
    expect(shown(checkAbsolutePaths(files))).toEqual([]);
  });

  test("imports keep the architecture: tests/, stacks/ ir/ agent/, public modules", () => {
    expect(shown(checkImports(files))).toEqual([]);
  });

  test("every export is imported somewhere, and production code is not there only for tests",
    () => {
      expect(shown(checkExports(files, generatedAppImports(files)))).toEqual([]);
    });

  test("every file named in docs, comments and messages exists", () => {
    expect(shown(checkFileReferences(files, exists))).toEqual([]);
  });

  test("every exception to a rule is still needed", () => {
    const all = [...checkLineLength(files), ...checkAbsolutePaths(files), ...checkImports(files),
      ...checkExports(files, generatedAppImports(files)), ...checkFileReferences(files, exists)];
    expect(shown(staleExceptions(all))).toEqual([]);
  });
});
