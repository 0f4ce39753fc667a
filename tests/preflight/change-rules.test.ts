/**
 * The checks that compare with the baseline, each reached by editing dazzle.toml only: record
 * the example (as `deploy generate` does), edit one key, run the rules against that record.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runRules } from "../../preflight/engine.ts";
import { recordBaseline, templatePath, writeInfraVersion } from "../../versioning/index.ts";
import { deploy, exampleToml, setKey, type Deployment } from "../../testing/preflight-pipeline.ts";

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** Record `deployment` into a fresh infra folder, as generate would. */
function record(deployment: Deployment): string {
  const infra = mkdtempSync(join(tmpdir(), "dazzle-change-"));
  folders.push(infra);
  const { app, environment, region, account } = deployment.aws;
  writeInfraVersion(infra, {
    stacks: deployment.stacks.map((s) => ({ id: s.id, template: s.template })),
  }, { dazzleVersion: "0.1.0", environment, generatedAt: "2026-11-01T00:00:00.000Z",
    deployment: { app, environment, region, ...(account ? { account } : {}) } });
  return infra;
}

const base = await deploy(exampleToml);
const baseInfra = record(base);

async function findingsAfter(toml: string, infra = baseInfra) {
  const now = await deploy(toml);
  return runRules({ ...now, baseline: recordBaseline(infra) });
}

function only(findings: Awaited<ReturnType<typeof findingsAfter>>, ...ids: string[]) {
  return findings.filter((f) => ids.includes(f.ruleId));
}

const changeRuleIds = ["BASELINE_UNVERIFIED", "DESTRUCTIVE_CHANGE", "DEPLOYMENT_MOVED",
  "TB_REPLICA_COUNT_CHANGED", "TB_CLUSTER_ID_CHANGED", "TB_VERSION_DOWNGRADE",
  "DB_ENGINE_DOWNGRADE", "TB_VERSION_UPGRADE"];

describe("changes against the recorded baseline", () => {
  test("the unchanged example: no change finding", async () => {
    expect(only(await findingsAfter(exampleToml), ...changeRuleIds)).toEqual([]);
  });

  test("a harmless change (desired_count) raises no change finding", async () => {
    const findings = await findingsAfter(
      setKey(exampleToml, "deploy.compute", "desired_count", "3"),
    );
    expect(only(findings, ...changeRuleIds)).toEqual([]);
  });

  test("node_count 3 → 5: TB_REPLICA_COUNT_CHANGED (critical) at the node_count line", async () => {
    const findings = only(
      await findingsAfter(setKey(exampleToml, "deploy.tigerbeetle", "node_count", "5")),
      "TB_REPLICA_COUNT_CHANGED",
    );
    expect(findings.map((f) => [f.severity, f.span?.line])).toEqual([["critical", 22]]);
    expect(findings[0]!.message).toContain("replica count 3 → 5");
  });

  test("a TigerBeetle downgrade is critical; an upgrade is info with the rolling procedure",
    async () => {
      const down = only(
        await findingsAfter(setKey(exampleToml, "deploy.tigerbeetle", "version", "\"0.16.60\"")),
        "TB_VERSION_DOWNGRADE",
        "TB_VERSION_UPGRADE",
      );
      expect(down.map((f) => [f.ruleId, f.severity])).toEqual([["TB_VERSION_DOWNGRADE",
        "critical"]]);
      expect(down[0]!.message).toContain("0.17.8 → 0.16.60 is a downgrade");
      const olderToml = setKey(exampleToml, "deploy.tigerbeetle", "version", "\"0.16.60\"");
      const older = record(await deploy(olderToml));
      const up = only(await findingsAfter(exampleToml, older), "TB_VERSION_DOWNGRADE",
        "TB_VERSION_UPGRADE");
      expect(up.map((f) => [f.ruleId, f.severity])).toEqual([["TB_VERSION_UPGRADE", "info"]]);
      expect(up[0]!.message).toContain("0.16.60 → 0.17.8: an upgrade");
      expect(up[0]!.remediation).toContain("start-instance-refresh");
      // A release TigerBeetle says to skip: the upgrade note becomes a warning saying why.
      const skipped = only(
        await findingsAfter(setKey(exampleToml, "deploy.tigerbeetle", "version", "\"0.17.7\""),
          older),
        "TB_VERSION_UPGRADE",
      );
      expect(skipped.map((f) => f.severity)).toEqual(["warn"]);
      expect(skipped[0]!.message).toContain("skipping 0.17.5-0.17.7 for 0.17.8");
    });

  test("cluster_id changed: TB_CLUSTER_ID_CHANGED (critical)", async () => {
    const findings = only(
      await findingsAfter(setKey(exampleToml, "deploy.tigerbeetle", "cluster_id", "\"123456789\"")),
      "TB_CLUSTER_ID_CHANGED",
    );
    expect(findings.map((f) => f.severity)).toEqual(["critical"]);
    expect(findings[0]!.message).toContain("→ 123456789");
  });

  test("region, environment, account changed: DEPLOYMENT_MOVED (critical), no AZ noise",
    async () => {
      for (const [section, key, value, expected] of [
        ["deploy", "region", "\"us-east-1\"", "region eu-west-2 → us-east-1"],
        ["deploy", "environment", "\"prod\"", "environment staging → prod"],
      ] as const) {
        const findings = only(await findingsAfter(setKey(exampleToml, section, key, value)),
          ...changeRuleIds);
        expect(findings.map((f) => [f.ruleId, f.severity])).toContainEqual(["DEPLOYMENT_MOVED",
          "critical"]);
        expect(findings.find((f) => f.ruleId === "DEPLOYMENT_MOVED")!.message)
          .toContain(expected);
      }
      const inAccount = await deploy(setKey(exampleToml, "deploy", "account", "\"111111111111\""));
      const findings = only(
        await findingsAfter(setKey(exampleToml, "deploy", "account", "\"222222222222\""),
          record(inAccount)),
        "DEPLOYMENT_MOVED",
      );
      expect(findings[0]?.message).toContain("account 111111111111 → 222222222222");
    });

  test("database engine 17.7 → 16.4: DB_ENGINE_DOWNGRADE (critical)", async () => {
    const findings = only(
      await findingsAfter(setKey(exampleToml, "deploy.database", "engine_version", "\"16.4\"")),
      "DB_ENGINE_DOWNGRADE",
    );
    expect(findings.map((f) => [f.severity, f.stack])).toEqual([["critical", "Data"]]);
  });
});

describe("a baseline that cannot be trusted blocks (BASELINE_UNVERIFIED), naming the file", () => {
  test("a stored template edited by one character", async () => {
    const infra = record(base);
    const path = templatePath(infra, "Compute");
    writeFileSync(path, (await Bun.file(path).text()).replace("256", "257"));
    const findings = only(await findingsAfter(exampleToml, infra), "BASELINE_UNVERIFIED");
    expect(findings.map((f) => f.severity)).toEqual(["critical"]);
    expect(findings[0]!.message).toContain(path);
  });

  test("the version file deleted while infra/ was generated", async () => {
    const infra = record(base);
    rmSync(join(infra, ".dazzle-infra-version.json"));
    const findings = only(await findingsAfter(exampleToml, infra), "BASELINE_UNVERIFIED");
    expect(findings.map((f) => f.severity)).toEqual(["critical"]);
    expect(findings[0]!.message).toContain(".dazzle-infra-version.json is missing");
  });

  test("a stored template that is a folder", async () => {
    const infra = record(base);
    const path = templatePath(infra, "Network");
    rmSync(path);
    Bun.spawnSync(["mkdir", path]);
    const findings = only(await findingsAfter(exampleToml, infra), "BASELINE_UNVERIFIED");
    expect(findings[0]?.message).toContain(`${path} is a folder, not a regular file`);
  });
});
