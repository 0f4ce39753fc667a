/**
 * `dazzle deploy generate` on the embedded example: the generated `infra/` app, run by the REAL
 * CDK CLI (`cdk synth`), produces the same templates as the in-process `synthesize()`;
 * regeneration is byte-for-byte stable, keeps the user's files, and removes only our stale ones.
 * A slower test proves `npm install` + type-check work in infra/ (scripts/test.ts runs it; set
 * DAZZLE_TEST_NPM_INSTALL=0 to skip it).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync,
  writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { run } from "../../cli/commands/deploy-generate.ts";
import { UsageError } from "../../cli/errors.ts";
import { generateInfra } from "../../generate/index.ts";
import { collectInfraSources } from "../../generate/infra-sources-collect.ts";
import { localLockEnvironment } from "../../generate/lock.ts";
import { nodeFileSystem } from "../../generate/node-file-system.ts";
import { planDeployment } from "../../plan/index.ts";
import { recordingContext, type RecordingContext } from "../../testing/command-context.ts";
import { configFor, emptyAppSpec, ledger } from "../../testing/plan-fixtures.ts";
import { embeddedInfraSources } from "../../generate/infra-sources.generated.ts";
import { canonicalJson } from "../../versioning/index.ts";

const repositoryRoot = join(import.meta.dir, "..", "..");
const testEnv = {
  ...process.env,
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "eu-west-1",
  CDK_DISABLE_VERSION_CHECK: "1",
  CDK_DISABLE_CLI_TELEMETRY: "1",
};
Object.assign(process.env, { AWS_EC2_METADATA_DISABLED: "true" });

let workspace: string;
let projectDir: string;
let infraDir: string;
let firstOutput: string;

function context(args: string[]): RecordingContext {
  return recordingContext({ cwd: projectDir, args });
}

async function generate(): Promise<string> {
  const ctx = context(["-p", projectDir]);
  expect(await run(ctx)).toBe(0);
  return ctx.text();
}

/** Every file under `folder` except the ones named, as relative path → SHA-256. */
function fingerprint(folder: string, skip: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  const walk = (current: string, depth: number) => {
    expect(depth).toBeLessThan(10);
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      const shown = relative(folder, path);
      if (skip.includes(shown)) continue;
      if (statSync(path).isDirectory()) walk(path, depth + 1);
      else result.set(shown, createHash("sha256").update(readFileSync(path)).digest("hex"));
    }
  };
  walk(folder, 0);
  return result;
}

/** Run the real CDK CLI in an infra folder; returns stack id → template. */
function cdkSynth(folder: string, cdkBinary: string): Map<string, unknown> {
  const outDir = join(folder, "cdk.out.cli");
  const result = spawnSync(cdkBinary, ["synth", "--quiet", "--output", outDir], {
    cwd: folder,
    env: testEnv,
    encoding: "utf8",
    timeout: 240_000,
  });
  // The CDK CLI reports on stderr, or on stdout when CI=true (as in CI runs).
  expect(result.stdout + result.stderr).toContain("Successfully synthesized");
  expect(result.status).toBe(0);
  return templatesIn(outDir);
}

function templatesIn(folder: string): Map<string, unknown> {
  return new Map(readdirSync(folder).filter((name) => name.endsWith(".template.json")).sort()
    .map((
      name,
    ) => [name.replace(/\.template\.json$/, ""),
      JSON.parse(readFileSync(join(folder, name), "utf8"))]
    ));
}

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "dazzle-generate-"));
  projectDir = join(workspace, "shop");
  cpSync(join(repositoryRoot, "example"), projectDir, { recursive: true });
  infraDir = join(projectDir, "infra");
  firstOutput = await generate();
  // A synthesis: seconds on a loaded machine, more than the default 5 s hook budget.
}, 120_000);

// Generous: after the npm install test the workspace holds a full node_modules.
afterAll(() => rmSync(workspace, { recursive: true, force: true }), 300_000);

describe("deploy generate", () => {
  test("writes a CDK app pinned to the versions dazzle embeds", () => {
    expect(firstOutput).toContain("created lib/custom.ts");
    const ours = JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8"));
    const generated = JSON.parse(readFileSync(join(infraDir, "package.json"), "utf8"));
    expect(generated.dependencies).toEqual({
      "aws-cdk-lib": ours.dependencies["aws-cdk-lib"],
      constructs: ours.dependencies.constructs,
    });
    expect(generated.devDependencies["aws-cdk"]).toBe("2.1148.1");
    expect(
      Object.values(generated.devDependencies).every((version) =>
        /^\d+\.\d+\.\d+$/.test(String(version))
      ),
    ).toBe(true);
    const cdkJson = JSON.parse(readFileSync(join(infraDir, "cdk.json"), "utf8"));
    expect(cdkJson.app).toBe("npx ts-node --prefer-ts-exts bin/app.ts");
    expect(existsSync(join(infraDir, ".dazzle-infra-version.json"))).toBe(true);
    expect(readFileSync(join(infraDir, "lib/stacks/app.ts"), "utf8"))
      .toBe(readFileSync(join(repositoryRoot, "stacks/app.ts"), "utf8"));
  });

  test("the real `cdk synth` of infra/ gives the same templates as in-process synthesis", () => {
    symlinkSync(join(repositoryRoot, "node_modules"), join(infraDir, "node_modules"), "dir");
    const fromCli = cdkSynth(infraDir, join(infraDir, "node_modules", ".bin", "cdk"));
    const inProcess = templatesIn(join(infraDir, "cdk.out"));
    expect([...fromCli.keys()]).toEqual([...inProcess.keys()]);
    expect(fromCli.size).toBeGreaterThanOrEqual(5);
    for (const [id, template] of inProcess) {
      expect({ id, template: canonicalJson(fromCli.get(id)) })
        .toEqual({ id, template: canonicalJson(template) });
    }
    rmSync(join(infraDir, "cdk.out.cli"), { recursive: true, force: true });
    rmSync(join(infraDir, "node_modules"));
  }, 300_000);

  test("regenerating changes no byte, keeps the user's files, removes only stale ones of ours",
    async () => {
      writeFileSync(join(infraDir, "lib/custom.ts"),
        "// mine\nexport function customize(stacks: unknown): void {\n  void stacks;\n}\n");
      writeFileSync(join(infraDir, "NOTES.md"), "my notes\n");
      const staleOfOurs = "lib/stacks/removed-module.ts";
      writeFileSync(join(infraDir, staleOfOurs), "export {};\n");
      const manifestFile = join(infraDir, ".dazzle/generated-files.json");
      const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as string[];
      writeFileSync(manifestFile, JSON.stringify([...manifest, staleOfOurs]));
      await generate();
      const before = fingerprint(infraDir, ["cdk.out"]);
      const output = await generate();
      expect(output).toMatch(/: 0 files written, \d+ unchanged, 0 removed\n/);
      expect(fingerprint(infraDir, ["cdk.out"])).toEqual(before);
      expect(readFileSync(join(infraDir, "lib/custom.ts"), "utf8")).toStartWith("// mine");
      expect(readFileSync(join(infraDir, "NOTES.md"), "utf8")).toBe("my notes\n");
      expect(existsSync(join(infraDir, staleOfOurs))).toBe(false);
      // One of ours edited by hand is written back, and counted in the singular.
      writeFileSync(join(infraDir, "aws-requirements.json"), "{}\n");
      expect(await generate()).toMatch(/: 1 file written, \d+ unchanged, 0 removed\n/);
    });

  test("--out writes elsewhere; stray arguments are a usage error", async () => {
    const elsewhere = join(workspace, "elsewhere");
    const ctx = context(["-p", projectDir, "--out", elsewhere]);
    expect(await run(ctx)).toBe(0);
    expect(readFileSync(join(elsewhere, "aws-requirements.json"), "utf8"))
      .toBe(readFileSync(join(infraDir, "aws-requirements.json"), "utf8"));
    await expect(run(context(["-p", projectDir, "stray"]))).rejects.toThrow(UsageError);
  });

  test("the sources embedded for the binary match stacks/ and ir/ (else: bun " +
    "generate/write-infra-sources.ts)", () => {
    const embedded = embeddedInfraSources.map((file) => file.path);
    const current = collectInfraSources(repositoryRoot);
    expect(embedded).toEqual(current.map((file) => file.path));
    const stale = current.filter((file, position) =>
      embeddedInfraSources[position]?.text !== file.text
    ).map((file) => file.path);
    expect(stale).toEqual([]);
  });
});

describe("deploy generate: another shape of app", () => {
  test("prod, 6 TigerBeetle replicas, no database or queues: `cdk synth` still matches", () => {
    const config = configFor("prod",
      (base) => ({ ...base, tigerbeetle: { ...base.tigerbeetle, nodeCount: 6 } }));
    const plan = planDeployment({ ...emptyAppSpec, ledgers: [ledger("Cash", 1, "EUR")] }, config, {
      projectName: "ledger-only",
      dazzleVersion: "0.1.0",
    });
    expect(plan.aws.tigerbeetle?.replicaCount).toBe(6);
    const folder = join(workspace, "ledger-only-infra");
    generateInfra(plan.aws, config, { infraDir: folder, dazzleVersion: "0.1.0", fs: nodeFileSystem,
      now: () => new Date(0), lock: localLockEnvironment() });
    symlinkSync(join(repositoryRoot, "node_modules"), join(folder, "node_modules"), "dir");
    const fromCli = cdkSynth(folder, join(folder, "node_modules", ".bin", "cdk"));
    const inProcess = templatesIn(join(folder, "cdk.out"));
    expect([...fromCli.keys()]).toEqual(["Compute", "Network", "Observability", "TigerBeetle"]);
    for (const [id, template] of inProcess) {
      expect({ id, template: canonicalJson(fromCli.get(id)) })
        .toEqual({ id, template: canonicalJson(template) });
    }
    rmSync(join(folder, "node_modules"));
  }, 300_000);
});

describe.if(process.env.DAZZLE_TEST_NPM_INSTALL === "1")("deploy generate: npm ci", () => {
  test("`npm ci` in infra/ works (its lockfile), the app type-checks and synthesizes identically",
    () => {
      const copy = join(workspace, "installed");
      cpSync(infraDir, copy, { recursive: true, filter: (path) => !path.includes("cdk.out") });
      const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], {
        cwd: copy,
        env: testEnv,
        encoding: "utf8",
        timeout: 900_000,
      });
      expect(install.stderr).not.toContain("ERR!");
      expect(install.status).toBe(0);
      const typecheck = spawnSync(join(copy, "node_modules/.bin/tsc"), ["--noEmit", "-p",
        "tsconfig.json"], { cwd: copy, encoding: "utf8", timeout: 300_000 });
      expect(typecheck.stdout).toBe("");
      expect(typecheck.status).toBe(0);
      const fromCli = cdkSynth(copy, join(copy, "node_modules", ".bin", "cdk"));
      for (const [id, template] of templatesIn(join(infraDir, "cdk.out"))) {
        expect(canonicalJson(fromCli.get(id))).toBe(canonicalJson(template));
      }
    }, 1_200_000);
});
