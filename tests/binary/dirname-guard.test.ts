/**
 * The build refuses a bundled package that finds files through `__dirname` without being
 * embedded (the binary would look for them on the build machine, issue 13), and every package
 * the build embeds exists with the files it names.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { embeddedPackages, listEmbeddedFiles, modulesUsingDirname,
  unhandledDirnameModules } from "../../scripts/build/embedded-files.ts";

const projectRoot = join(import.meta.dir, "../..");
const folder = mkdtempSync(join(tmpdir(), "dazzle-guard-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test("a bundled module using __dirname is refused unless rewritten", () => {
  const reader = join(folder, "node_modules", "spec", "lib", "index.js");
  const plain = join(folder, "node_modules", "plain", "index.js");
  mkdirSync(join(reader, ".."), { recursive: true });
  mkdirSync(join(plain, ".."), { recursive: true });
  writeFileSync(reader, "module.exports = require('fs').readFileSync(__dirname + '/../db');\n");
  writeFileSync(plain, "module.exports = 1;\n");
  const inputs = [relative(process.cwd(), reader), relative(process.cwd(), plain)];
  expect(unhandledDirnameModules(inputs, [])).toEqual([reader]);
  expect(unhandledDirnameModules(inputs, [reader])).toEqual([]);
});

test("the resource specification that deploy diff loads is embedded and its loader rewritten",
  () => {
    const files = listEmbeddedFiles(projectRoot).relativePaths;
    expect(files).toContain("node_modules/@aws-cdk/aws-service-spec/db.json.gz");
    const rewritten = modulesUsingDirname(projectRoot).map((path) => relative(projectRoot, path));
    expect(rewritten).toContain("node_modules/@aws-cdk/aws-service-spec/lib/index.js");
    expect(embeddedPackages.every((entry) => entry.paths.length > 0)).toBe(true);
  });
