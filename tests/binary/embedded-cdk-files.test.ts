/**
 * aws-cdk-lib's own files reach a copied binary: a small CDK app compiled exactly like dazzle
 * stages a Lambda handler from the embedded tree (byte-identical to node_modules) and runs the
 * WASM CloudFormation validation, with no node_modules in reach, even when two runs start
 * together on an empty cache.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeSandbox, obtainBinary, runBinary, type Sandbox } from "./binary-harness.ts";

const buildTimeoutMs = 180_000;
const probeSource = join(import.meta.dir, "fixtures", "synth-probe.ts");
const autoDeleteHandler = join(import.meta.dir, "../../node_modules/aws-cdk-lib",
  "custom-resource-handlers/dist/aws-s3/auto-delete-objects-handler/index.js");

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = makeSandbox(await obtainBinary(probeSource));
}, buildTimeoutMs);
afterAll(() => rmSync(sandbox.folder, { recursive: true, force: true }));

describe("a CDK synth inside a copied binary", () => {
  test("two first runs share one cache, stage the handler, remove an old unused tree", async () => {
    const cache = join(sandbox.env["XDG_CACHE_HOME"]!, "dazzle", "embedded");
    const oldTree = join(cache, "tree-of-an-old-version");
    mkdirSync(oldTree, { recursive: true });
    writeFileSync(join(oldTree, ".dazzle-complete"), "old\n");
    const longAgo = Date.now() / 1000 - 60 * 24 * 60 * 60;
    utimesSync(join(oldTree, ".dazzle-complete"), longAgo, longAgo);
    const runs = await Promise.all([
      runBinary(sandbox, ["out-a"]),
      runBinary(sandbox, ["out-b"]),
    ]);
    expect(runs.map((run) => [run.exitCode, run.stderr])).toEqual([[0, ""], [0, ""]]);
    expect(readdirSync(cache).filter((name) => !name.includes(".tmp-")).length).toBe(1);
    expect(readdirSync(cache)).not.toContain("tree-of-an-old-version");
    expect(readdirSync(cache).filter((name) => name.includes(".tmp-"))).toEqual([]);
    for (const out of ["out-a", "out-b"]) {
      const assets = readdirSync(join(sandbox.folder, out)).filter((n) => n.startsWith("asset."));
      expect(assets.length).toBe(1);
      expect(readFileSync(join(sandbox.folder, out, assets[0]!, "index.js"), "utf8"))
        .toBe(readFileSync(autoDeleteHandler, "utf8"));
    }
  });

  test("the built-in CloudFormation validation (WASM) runs", async () => {
    const run = await runBinary(sandbox, ["out-validated", "--validate"]);
    expect([run.exitCode, run.stderr]).toEqual([0, ""]);
    expect(JSON.parse(run.stdout)).toEqual({ assets: [["index.js"]] });
  });
});
