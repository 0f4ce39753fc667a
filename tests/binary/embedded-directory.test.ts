/** The runtime that unpacks the binary's embedded files into a cache folder, once. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  extractOnce, installEmbeddedDirectory, type EmbeddedTree,
} from "../../embed/embedded-directory.ts";

let folder = "";
let tree: EmbeddedTree;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "dazzle-embed-"));
  mkdirSync(join(folder, "source"));
  writeFileSync(join(folder, "source", "a"), "handler code");
  writeFileSync(join(folder, "source", "b"), "rules");
  tree = { contentHash: "0123abcd", files: [
    ["node_modules/aws-cdk-lib/dist/handler/index.js", join(folder, "source", "a")],
    ["node_modules/aws-cdk-lib/rules/index.json", join(folder, "source", "b")],
  ] };
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe("extractOnce", () => {
  test("writes the tree under $XDG_CACHE_HOME/dazzle/embedded/<content hash>", () => {
    const root = extractOnce(tree, { XDG_CACHE_HOME: join(folder, "cache"), HOME: folder });
    expect(root).toBe(join(folder, "cache", "dazzle", "embedded", "0123abcd"));
    expect(readFileSync(join(root, "node_modules/aws-cdk-lib/dist/handler/index.js"), "utf8"))
      .toBe("handler code");
    expect(readdirSync(join(folder, "cache", "dazzle", "embedded"))).toEqual(["0123abcd"]);
  });

  test("a folder without the completion marker is replaced, never trusted", () => {
    const stale = join(folder, "cache", "dazzle", "embedded", "0123abcd");
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, "half-written"), "");
    const root = extractOnce(tree, { XDG_CACHE_HOME: join(folder, "cache"), HOME: folder });
    expect(readdirSync(root).sort()).toEqual([".dazzle-complete", "node_modules"]);
  });

  test("an unwritable cache falls back to ~/.cache", () => {
    writeFileSync(join(folder, "not-a-folder"), "");
    const root = extractOnce(tree, { XDG_CACHE_HOME: join(folder, "not-a-folder"), HOME: folder });
    expect(root).toBe(join(folder, ".cache", "dazzle", "embedded", "0123abcd"));
  });
});

describe("installEmbeddedDirectory", () => {
  test("resolves a module folder inside the unpacked tree, unpacking on first use only", () => {
    installEmbeddedDirectory(tree, { XDG_CACHE_HOME: join(folder, "cache"), HOME: folder });
    expect(readdirSync(folder).includes("cache")).toBe(false);
    const dir = globalThis.__dazzleEmbeddedDir!("node_modules/aws-cdk-lib/rules");
    expect(readFileSync(join(dir, "index.json"), "utf8")).toBe("rules");
  });
});
