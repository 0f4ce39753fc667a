/** The runtime that unpacks the binary's embedded files into a cache folder, once. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync,
  writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { abandonedTemporaryAgeMs, extractOnce, installEmbeddedDirectory, unusedTreeAgeMs,
  type EmbeddedTree } from "../../embed/embedded-directory.ts";

let folder = "";
let tree: EmbeddedTree;
const nowMs = Date.parse("2026-11-26T12:00:00Z");
const clock = (): number => nowMs;
const day = 24 * 60 * 60 * 1000;
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
    const root = extractOnce(tree, { XDG_CACHE_HOME: join(folder, "cache"), HOME: folder }, clock);
    expect(root).toBe(join(folder, "cache", "dazzle", "embedded", "0123abcd"));
    expect(readFileSync(join(root, "node_modules/aws-cdk-lib/dist/handler/index.js"), "utf8"))
      .toBe("handler code");
    expect(readdirSync(join(folder, "cache", "dazzle", "embedded"))).toEqual(["0123abcd"]);
  });

  test("a folder without the completion marker is replaced, never trusted", () => {
    const stale = join(folder, "cache", "dazzle", "embedded", "0123abcd");
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, "half-written"), "");
    const root = extractOnce(tree, { XDG_CACHE_HOME: join(folder, "cache"), HOME: folder }, clock);
    expect(readdirSync(root).sort()).toEqual([".dazzle-complete", "node_modules"]);
  });

  test("an unwritable cache falls back to ~/.cache", () => {
    writeFileSync(join(folder, "not-a-folder"), "");
    const root = extractOnce(tree, { XDG_CACHE_HOME: join(folder, "not-a-folder"), HOME: folder },
      clock);
    expect(root).toBe(join(folder, ".cache", "dazzle", "embedded", "0123abcd"));
  });
});

describe("old trees are pruned when a new one is unpacked", () => {
  let base = "";
  const env = (): Record<string, string> => ({ XDG_CACHE_HOME: join(folder, "cache"),
    HOME: folder });
  /** A folder as an earlier run left it, last touched `ageMs` before now. */
  function leftBehind(name: string, ageMs: number, marker: boolean): void {
    const path = join(base, name);
    mkdirSync(join(path, "node_modules"), { recursive: true });
    const touched = (nowMs - ageMs) / 1000;
    if (marker) {
      writeFileSync(join(path, ".dazzle-complete"), name + "\n");
      utimesSync(join(path, ".dazzle-complete"), touched, touched);
    }
    utimesSync(path, touched, touched);
  }
  beforeEach(() => {
    base = join(folder, "cache", "dazzle", "embedded");
    mkdirSync(base, { recursive: true });
  });

  test("a tree no run used for 30 days goes; a recently used one stays", () => {
    leftBehind("old-version", unusedTreeAgeMs + day, true);
    leftBehind("last-week", 7 * day, true);
    extractOnce(tree, env(), clock);
    expect(readdirSync(base).sort()).toEqual(["0123abcd", "last-week"]);
  });

  test("an abandoned temporary folder goes after an hour; a writer's fresh one stays", () => {
    leftBehind("0123abcd.tmp-4242-dead", abandonedTemporaryAgeMs + 60_000, false);
    leftBehind("0123abcd.tmp-4343-busy", 5_000, false);
    extractOnce(tree, env(), clock);
    expect(readdirSync(base).sort()).toEqual(["0123abcd", "0123abcd.tmp-4343-busy"]);
  });

  test("a folder without the completion marker is never removed: dazzle did not make it", () => {
    leftBehind("someone-elses", unusedTreeAgeMs + day, false);
    extractOnce(tree, env(), clock);
    expect(readdirSync(base).sort()).toEqual(["0123abcd", "someone-elses"]);
  });

  test("a run that finds its tree unpacked marks it used and prunes nothing", () => {
    leftBehind("0123abcd", 40 * day, true);
    writeFileSync(join(base, "0123abcd", "node_modules", "kept"), "");
    leftBehind("old-version", unusedTreeAgeMs + day, true);
    const root = extractOnce(tree, env(), clock);
    expect(readdirSync(base).sort()).toEqual(["0123abcd", "old-version"]);
    expect(readdirSync(join(root, "node_modules"))).toEqual(["kept"]);
    expect(statSync(join(root, ".dazzle-complete")).mtimeMs).toBe(nowMs);
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
