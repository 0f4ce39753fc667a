/**
 * `dazzle deploy preflight` and `dazzle deploy diff` as a user runs them (in process): exit
 * codes, formats, acknowledgements, and the generate → change → diff/preflight loop.
 */
import { describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess } from "../cli/fake-io.ts";
import { setKey } from "../../testing/preflight-pipeline.ts";

// No AWS credentials: preflight then skips its account checks (the CDK bootstrap), which
// tests/preflight/cdk-bootstrap.test.ts runs against moto.
const env = { AWS_EC2_METADATA_DISABLED: "true", PATH: "" };

function project(edit: (toml: string) => string = (t) => t): string {
  const dir = mkdtempSync(join(tmpdir(), "dazzle-preflight-cli-"));
  cpSync(join(import.meta.dir, "../../example"), dir, { recursive: true });
  const path = join(dir, "dazzle.toml");
  writeFileSync(path, edit(readFileSync(path, "utf8")));
  return dir;
}

const run = (args: string[], cwd: string) => runInProcess(args, { cwd, env });
const example = project();

describe("deploy preflight", () => {
  test("the example passes: exit 0, counts and a passed line", async () => {
    const result = await run(["deploy", "preflight", "-p", example], example);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("0 critical, 0 high");
    expect(result.stdout).toContain("Preflight passed");
  });

  test("--fail-on warn fails on an AZ-spread warning", async () => {
    const twoZones = project((t) => setKey(t, "deploy.network", "availability_zones", "2"));
    const result = await run(["deploy", "preflight", "--fail-on", "warn", "--format", "json"],
      twoZones);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.passed).toBe(false);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain("TB_AZ_SPREAD");
  });

  test("4 nodes: exit 1 with the documented remedy, no stack trace", async () => {
    const dir = project((t) => setKey(t, "deploy.tigerbeetle", "node_count", "4"));
    const result = await run(["deploy", "preflight", "--format", "github"], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^::error file=dazzle\.toml,line=\d+.*TB_EVEN_NODE_COUNT/m);
    expect(result.stdout).toContain("Use 1, 3 or 5 nodes");
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });

  test("an acknowledgement without a reason stops preflight, naming its line", async () => {
    const dir = project();
    writeFileSync(join(dir, "dazzle-acknowledgements.toml"),
      `# accepted\n[[acknowledge]]\ncheck = "TB_AZ_SPREAD"\nresource = "TigerBeetle"\n`);
    const result = await run(["deploy", "preflight"], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("dazzle-acknowledgements.toml:2:1");
    expect(result.stderr).toContain("preflight/acknowledgementReason");
  });

  test("a project with a DSL error: text says it on stderr; sarif and json still print a " +
    "report", async () => {
    const dir = project();
    writeFileSync(join(dir, "dsl", "broken.dsl"), "entity Broken \"B\":\n  id: uuid pk\n" +
      "  email: string(200)\n");
    const text = await run(["deploy", "preflight"], dir);
    expect([text.exitCode, text.stdout]).toEqual([1, ""]);
    expect(text.stderr).toContain("dsl/broken.dsl:3:10: error[field/unknownType]");
    const sarif = await run(["deploy", "preflight", "--format", "sarif"], dir);
    expect(sarif.exitCode).toBe(1);
    const [result] = JSON.parse(sarif.stdout).runs[0].results;
    expect(result.ruleId).toBe("PROJECT_INVALID");
    expect(result.locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: "dsl/broken.dsl" },
      region: { startLine: 3, startColumn: 10 },
    });
    // An environment dazzle.toml does not describe is an error too; the report names it.
    const json = await run(["deploy", "preflight", "--format", "json", "--env", "prod"], dir);
    expect(json.exitCode).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ passed: false, environment: "prod", counts: { critical: 2 },
      stages: [{ name: "templates", status: "skipped", detail: "the project has 2 errors" }] });
    expect(report.findings.map((f: { message: string }) => f.message.split(":")[0])).toEqual([
      "config/unknownEnvironment",
      "field/unknownType",
    ]);
  });

  test("an unknown --format is a usage error (exit 2)", async () => {
    const result = await run(["deploy", "preflight", "--format", "xml"], example);
    expect(result.exitCode).toBe(2);
  });
});

describe("deploy generate, then deploy diff and preflight", () => {
  test("no recorded version (a first deploy): every stack is added, exit 1", async () => {
    const result = await run(["deploy", "diff", "--json"], project());
    expect(result.exitCode).toBe(1);
    const diff = JSON.parse(result.stdout);
    expect([diff.baseline.source, diff.baseline.problems]).toEqual(["record", []]);
    expect(diff.baseline.description).toContain("nothing recorded yet");
    expect(diff.stacks.map((s: { name: string; change: string }) => `${s.name}:${s.change}`))
      .toEqual(["Compute:added", "Data:added", "Messaging:added", "Network:added",
        "Observability:added", "TigerBeetle:added"]);
    expect(diff.destructive).toEqual([]);
  });

  test("a project that cannot be planned is an error (exit 2), never 'changes' (1)", async () => {
    const dir = project((t) => setKey(t, "deploy", "regoin", "\"eu-west-2\""));
    const result = await run(["deploy", "diff"], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("config/unknownKey");
  });

  test("a corrupt recorded version is an error (exit 2), not a silent first deploy", async () => {
    const dir = project();
    mkdirSync(join(dir, "infra"));
    writeFileSync(join(dir, "infra", ".dazzle-infra-version.json"), "{ not json");
    const result = await run(["deploy", "diff"], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stdout.split("\n").slice(0, 3)).toEqual([
      `baseline: the record in ${join(dir, "infra")} (unreadable)`,
      expect.stringMatching(/^now: [0-9a-f]{12} \(synthesized in process\)$/),
      expect.stringContaining(
        `BASELINE_UNVERIFIED: ${
          join(dir, "infra", ".dazzle-infra-version.json")
        } is not valid JSON`,
      ),
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test("moving a replica's AZ: diff exits 1 (destructive), preflight blocks until acknowledged",
    async () => {
      const zones = (t: string, list: string) =>
        setKey(t, "deploy.network", "availability_zones", list);
      const dir = project((t) => zones(t, "[\"eu-west-2a\", \"eu-west-2b\"]"));
      expect((await run(["deploy", "generate"], dir)).exitCode).toBe(0);
      expect((await run(["deploy", "diff"], dir)).exitCode).toBe(0);
      const tomlPath = join(dir, "dazzle.toml");
      const moved = zones(readFileSync(tomlPath, "utf8"), "[\"eu-west-2a\", \"eu-west-2c\"]");
      writeFileSync(tomlPath, moved);
      const diff = await run(["deploy", "diff", "--json"], dir);
      expect(diff.exitCode).toBe(1);
      const destructive = JSON.parse(diff.stdout).destructive as { logicalId: string; stack: string;
        type: string }[];
      const volume = destructive.find((d) => d.type === "AWS::EC2::Volume")!;
      expect(volume.stack).toBe("TigerBeetle");
      const blocked = await run(["deploy", "preflight", "--format", "json"], dir);
      expect(blocked.exitCode).toBe(1);
      const critical = JSON.parse(blocked.stdout).findings.filter((f: { ruleId: string }) =>
        f.ruleId === "DESTRUCTIVE_CHANGE"
      );
      writeFileSync(join(dir, "dazzle-acknowledgements.toml"), critical.map(
        (f: { resource: string }) =>
          `[[acknowledge]]\ncheck = "DESTRUCTIVE_CHANGE"\n` +
          `resource = "${f.resource}"\nreason = "replica moved on purpose; it will recover"\n`,
      )
        .join("\n"));
      const accepted = await run(["deploy", "preflight"], dir);
      expect(accepted.stdout).toContain("[acknowledged]");
      expect(accepted.exitCode).toBe(0);
    });
});
