import { describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync,
  writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess } from "../cli/fake-io.ts";

const env = { AWS_EC2_METADATA_DISABLED: "true", AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing" };

/** A copy of the example in a folder named `wallet` (the app name either way). */
function exampleProject(): string {
  const project = join(mkdtempSync(join(tmpdir(), "dazzle-deploy-")), "wallet");
  mkdirSync(project);
  cpSync(join(import.meta.dir, "../../example"), project, { recursive: true });
  return project;
}

const project = exampleProject();

describe("dazzle deploy plan", () => {
  test("prints the stacks it would deploy, first the network", async () => {
    const run = await runInProcess(["deploy", "plan", "-p", project], { env });
    expect(run.exitCode).toBe(0);
    const stackLines = run.stdout.split("\n").filter((line) => /^ {2}wallet-staging-/.test(line));
    expect(stackLines[0]?.trim().split(/\s+/)[0]).toBe("wallet-staging-Network");
    expect(stackLines.at(-1)?.trim().split(/\s+/)[0]).toBe("wallet-staging-Observability");
  });

  test("--json prints the AppSpec and both requirement stages as data", async () => {
    const run = await runInProcess(["deploy", "plan", "--json", "-p", project], { env });
    expect(run.exitCode).toBe(0);
    const document = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(document)).toEqual(["appSpec", "infra", "aws", "diagnostics"]);
    expect(document["aws"]!["region"]).toBe("eu-west-2");
    expect(document["infra"]!["app"]).toBe("wallet");
  });

  test("an unknown flag is a usage error (exit 2) with a suggestion", async () => {
    const run = await runInProcess(["deploy", "plan", "--jsn", "-p", project], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("--json");
  });

  test("a missing project folder is a user error (exit 1), not a crash", async () => {
    const run = await runInProcess(["deploy", "plan", "-p", join(project, "missing")], { env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).not.toContain("    at ");
  });
});

describe("dazzle deploy synth", () => {
  test("writes a template per stack to --out and lists them", async () => {
    const out = join(project, "custom-out");
    const run = await runInProcess(["deploy", "synth", "-p", project, "--out", out], { env });
    expect(run.exitCode).toBe(0);
    const listed = run.stdout.trim().split("\n").map((line) => line.split(/\s+/));
    expect(listed[0]?.[0]).toBe("wallet-staging-Network");
    for (const row of listed) expect(existsSync(row.at(-1)!)).toBe(true);
  }, 30_000);

  test("defaults to <project>/infra/cdk.out", async () => {
    const run = await runInProcess(["deploy", "synth"], { env, cwd: project });
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(project, "infra", "cdk.out", "Network.template.json"))).toBe(true);
  }, 30_000);
});

describe("a TigerBeetle replica count the stack refuses (4)", () => {
  const fourReplicas = exampleProject();
  const tomlPath = join(fourReplicas, "dazzle.toml");
  writeFileSync(tomlPath,
    readFileSync(tomlPath, "utf8").replace("node_count = 3", "node_count = 4"));

  // diff exits 2 on any failure: its 1 means "changes" to a CI gate.
  for (const [command, exitCode] of [["synth", 1], ["generate", 1], ["diff", 2]] as const) {
    test(`deploy ${command}: exit ${exitCode} with the remedy, no stack trace, nothing written`,
      async () => {
        const run = await runInProcess(["deploy", command, "-p", fourReplicas], { env });
        expect(run.exitCode).toBe(exitCode);
        expect(run.stderr).toContain("replicaCount must be one of 1, 3, 5, 6, but 4 was provided");
        expect(run.stderr).toContain("set node_count to 1, 3, 5 or 6");
        expect(run.stderr).not.toMatch(/\n\s+at /);
        expect(run.stderr).not.toContain("internal error");
        const infra = join(fourReplicas, "infra");
        const written = existsSync(infra)
          ? readdirSync(infra, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
          : [];
        expect(written).toEqual([]);
      });
  }
});
