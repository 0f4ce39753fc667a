/**
 * `deploy diff` semantics through the real pipeline: record a generation, change the DSL or
 * dazzle.toml, compare. One synthesis per scenario.
 */
import { describe, expect, test } from "bun:test";
import { fullDiff, ResourceImpact } from "@aws-cdk/cloudformation-diff";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runRules } from "../../preflight/engine.ts";
import { diffInfra, readRecordedInfra, recordBaseline,
  writeInfraVersion } from "../../versioning/index.ts";
import { deploy, exampleToml, setKey, withoutChannels,
  withoutLedgers } from "../../testing/preflight-pipeline.ts";

const meta = { dazzleVersion: "0.1.0", environment: "staging",
  generatedAt: "2026-01-01T00:00:00Z" };
const zonesToml = setKey(exampleToml, "deploy.network", "availability_zones",
  "[\"eu-west-2a\", \"eu-west-2b\"]");
const base = await deploy(zonesToml);

function recordedIn(stacks: typeof base.stacks): string {
  const infra = mkdtempSync(join(tmpdir(), "dazzle-diff-"));
  const { app, environment, region } = base.aws;
  writeInfraVersion(infra, { stacks }, { ...meta, deployment: { app, environment, region } });
  return infra;
}
function recorded(stacks: typeof base.stacks) {
  return readRecordedInfra(recordedIn(stacks))!;
}
const baseInfra = recordedIn(base.stacks);
const baseRecord = readRecordedInfra(baseInfra)!;

describe("deploy diff", () => {
  test("regenerating the same input changes nothing", async () => {
    const again = await deploy(zonesToml);
    expect(diffInfra(baseRecord.templates, again.stacks).stacks).toEqual([]);
  });

  test("adding a ledger adds the TigerBeetle stack", async () => {
    const withoutLedger = recorded((await deploy(zonesToml, withoutLedgers())).stacks);
    const diff = diffInfra(withoutLedger.templates, base.stacks);
    const tigerBeetle = diff.stacks.find((s) => s.name === "TigerBeetle");
    expect(tigerBeetle?.change).toBe("added");
    expect(diff.destructive).toEqual([]);
  });

  test("changing IOPS modifies the data volumes in place, nothing destructive", async () => {
    const now = await deploy(setKey(zonesToml, "deploy.tigerbeetle", "volume_iops", "12000"));
    const diff = diffInfra(baseRecord.templates, now.stacks);
    const stack = diff.stacks.find((s) => s.name === "TigerBeetle");
    expect(stack?.change).toBe("modified");
    const volumes = stack!.resources.filter((r) => r.type === "AWS::EC2::Volume");
    expect(volumes.length).toBe(3);
    expect(volumes.every((v) => v.change === "modified" && !v.destructive)).toBe(true);
    expect(volumes[0]!.properties).toEqual([{ name: "Iops", before: 10000, after: 12000 }]);
    expect(diff.destructive).toEqual([]);
  });

  test("moving replicas to another AZ replaces data volumes: destructive, and preflight blocks it",
    async () => {
      const now = await deploy(
        setKey(zonesToml, "deploy.network", "availability_zones",
          "[\"eu-west-2a\", \"eu-west-2c\"]"),
      );
      const diff = diffInfra(baseRecord.templates, now.stacks);
      const volume = diff.destructive.find((d) => d.type === "AWS::EC2::Volume");
      expect(volume?.change).toBe("replaced");
      expect(volume?.replacedBy).toContain("AvailabilityZone");
      expect(volume?.statefulKind).toBe("TigerBeetle data volume");
      const findings = runRules({ ...now, baseline: recordBaseline(baseInfra) })
        .filter((f) => f.ruleId === "DESTRUCTIVE_CHANGE");
      expect(findings.map((f) => f.severity)).toContain("critical");
      expect(findings.some((f) => f.logicalId === volume!.logicalId)).toBe(true);
    });

  test("a record of another environment: DEPLOYMENT_MOVED, not a resource-by-resource diff",
    async () => {
      const now = await deploy(setKey(zonesToml, "deploy", "environment", "\"prod\""));
      const findings = runRules({ ...now, baseline: recordBaseline(baseInfra) })
        .filter((f) => ["DESTRUCTIVE_CHANGE", "DEPLOYMENT_MOVED"].includes(f.ruleId));
      expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([["DEPLOYMENT_MOVED",
        "critical"]]);
      expect(findings[0]!.message).toContain("environment staging → prod");
    });

  test("dropping every channel (and the schedule) removes the Messaging stack", async () => {
    const now = await deploy(zonesToml, withoutChannels(undefined, true));
    const diff = diffInfra(baseRecord.templates, now.stacks);
    expect(diff.stacks.find((s) => s.name === "Messaging")?.change).toBe("removed");
  });

  test("dropping the channels but keeping the schedule removes their queues only", async () => {
    const now = await deploy(zonesToml, withoutChannels());
    const messaging = diffInfra(baseRecord.templates, now.stacks).stacks
      .find((s) => s.name === "Messaging");
    expect(messaging?.change).toBe("modified");
    const removed = messaging!.resources.filter((r) => r.change === "removed");
    expect(removed.some((r) => r.type === "AWS::SQS::Queue")).toBe(true);
  });

  test("a stateful resource referencing a replaced resource is replaced too (destructive)", () => {
    const before = { Resources: {
      Group: { Type: "AWS::RDS::DBSubnetGroup",
        Properties: { DBSubnetGroupName: "a", DBSubnetGroupDescription: "d", SubnetIds: ["s1"] } },
      Cluster: { Type: "AWS::RDS::DBCluster",
        Properties: { Engine: "aurora-postgresql", DBSubnetGroupName: { Ref: "Group" } } },
    } };
    const after = structuredClone(before);
    after.Resources.Group.Properties.DBSubnetGroupName = "b";
    const diff = diffInfra(new Map([["Data", before]]), [{ id: "Data", template: after }]);
    expect(diff.destructive.map((d) => [d.logicalId, d.change, d.replacedBy])).toEqual([
      ["Cluster", "replaced", ["DBSubnetGroupName"]],
    ]);
  });

  test("classifies every resource as fullDiff does, on the scenarios above", async () => {
    const scenarios = [
      setKey(zonesToml, "deploy.tigerbeetle", "volume_iops", "12000"),
      setKey(zonesToml, "deploy.network", "vpc_cidr", "\"10.1.0.0/16\""),
      setKey(zonesToml, "deploy.database", "backup_retention_days", "9"),
    ];
    for (const toml of scenarios) {
      const now = await deploy(toml);
      const ours = diffInfra(baseRecord.templates, now.stacks);
      for (const stack of now.stacks) {
        const before = baseRecord.templates.get(stack.id) as { Resources?: object };
        const expected: string[] = [];
        fullDiff(before, stack.template as { Resources?: object }).resources
          .forEachDifference((logicalId, d) =>
            expected.push(`${logicalId} ${
              d.isAddition
                ? "added" :
                d.isRemoval ?
                "removed" :
                d.changeImpact === ResourceImpact.WILL_REPLACE
                  || d.changeImpact === ResourceImpact.MAY_REPLACE ?
                "replaced" :
                "modified"
            }`)
          );
        const actual = (ours.stacks.find((s) => s.name === stack.id)?.resources ?? [])
          .filter((r) => r.type !== "AWS::EC2::Volume")
          .map((r) => `${r.logicalId} ${r.change}`);
        const expectedWithoutVolumes = expected.filter((line) =>
          !(stack.template as {
            Resources: Record<string, { Type: string }>;
          }).Resources[line.split(" ")[0]!]
            ?.Type.endsWith("::Volume")
        );
        expect({ stack: stack.id, changes: actual.sort() })
          .toEqual({ stack: stack.id, changes: expectedWithoutVolumes.sort() });
      }
    }
  });
});
