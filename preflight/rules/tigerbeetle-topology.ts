/** Replica count and placement: can the cluster keep a quorum when something fails? */
import { quorums, replicaCountMax } from "../../ir/tigerbeetle-cluster.ts";
import { configSpan, isDev } from "../sources.ts";
import { literalString, property, resourcesOf } from "../template.ts";
import { deployedReplicaCount, tigerBeetleStackId,
  tigerBeetleVolumes } from "../tigerbeetle-resources.ts";
import type { FindingDraft, PreflightInput, Rule } from "../types.ts";

const nodeCountKey = "deploy.tigerbeetle.node_count";

/** The SSM parameter holding the replica count: the resource a count finding names. */
function replicaCountParameter(input: PreflightInput): { stack?: string; logicalId?: string } {
  const parameter = resourcesOf(input.stacks, "AWS::SSM::Parameter").find((located) =>
    literalString(property(located.resource, "Name"))?.endsWith("/replica_count")
  );
  if (parameter) return { stack: parameter.stack, logicalId: parameter.logicalId };
  // Judged from the plan alone (e.g. the stack refused to synthesize): name the stack anyway.
  return { stack: tigerBeetleStackId };
}

export const evenNodeCount: Rule = {
  id: "TB_EVEN_NODE_COUNT",
  severity: "critical",
  title: "TigerBeetle replica count is 2 or 4",
  remediation: "Use 1, 3 or 5 nodes (or 6: two per AZ over three AZs): set `node_count` in " +
    "[deploy.tigerbeetle]. The replica count is fixed when replicas are formatted.",
  check(input) {
    const count = deployedReplicaCount(input);
    if (count !== 2 && count !== 4) return [];
    const q = quorums(count);
    const same = count === 2 ? 1 : 3;
    return [{
      ...replicaCountParameter(input),
      span: configSpan(input, nodeCountKey),
      message: `even node count: the TigerBeetle cluster has ${count} replicas. Viewstamped ` +
        `Replication needs ${q.viewChange} replicas up to change view and ${q.replication} to ` +
        `commit, so ${count} replicas tolerate ${q.failuresTolerated} failure` +
        `${q.failuresTolerated === 1 ? "" : "s"}, no more than ${same}, at the cost of ` +
        `${count - same} more node${count - same === 1 ? "" : "s"}`,
    }];
  },
};

export const insufficientNodesProd: Rule = {
  id: "TB_INSUFFICIENT_NODES_PROD",
  severity: "high",
  title: "Production TigerBeetle cluster with fewer than 3 replicas",
  remediation: "Set `node_count = 3` (tolerates 1 failure) or 5 or 6 (tolerate 2) in " +
    "[deploy.tigerbeetle].",
  check(input) {
    const count = deployedReplicaCount(input);
    if (input.config.environment !== "prod" || count === undefined || count >= 3) return [];
    return [{
      ...replicaCountParameter(input),
      span: configSpan(input, nodeCountKey),
      message: `production TigerBeetle cluster has ${count} replica${count === 1 ? "" : "s"}: ` +
        `it cannot survive the loss of any node, and a lost replica cannot be recovered ` +
        `(\`tigerbeetle recover\` needs at least 3 replicas)`,
    }];
  },
};

/** Key naming a replica's AZ: a literal name, `#i` for the i-th AZ of the region, or undefined. */
function availabilityZoneKey(value: unknown): string | undefined {
  const literal = literalString(value);
  if (literal !== undefined) return literal;
  const select = (value as Record<string, unknown> | null)?.["Fn::Select"];
  if (Array.isArray(select) && typeof select[0] === "number" &&
    typeof select[1] === "object" && select[1] !== null && "Fn::GetAZs" in select[1]) {
    return `#${select[0]}`;
  }
  return undefined;
}

/** Replicas per AZ: from the volumes' AZs in the templates, else from the plan. */
function replicasPerZone(input: PreflightInput): Map<string, number> | undefined {
  const planned = input.aws.tigerbeetle?.replicas ?? [];
  const zones = new Map<string, number>();
  const volumes = tigerBeetleVolumes(input.stacks).slice(0, replicaCountMax);
  const keys = volumes.length > 0
    ? volumes.map((volume) =>
      availabilityZoneKey(property(volume.resource, "AvailabilityZone")) ??
        plannedZone(planned.find((replica) => replica.index === volume.replica))
    )
    : planned.map(plannedZone);
  if (keys.length === 0 || keys.some((key) => key === undefined)) return undefined;
  for (const key of keys) zones.set(key!, (zones.get(key!) ?? 0) + 1);
  return zones;
}

function plannedZone(
  replica: { availabilityZone?: string; availabilityZoneIndex: number } | undefined,
): string | undefined {
  if (replica === undefined) return undefined;
  return replica.availabilityZone ?? `#${replica.availabilityZoneIndex}`;
}

export const availabilityZoneSpread: Rule = {
  id: "TB_AZ_SPREAD",
  severity: "high",
  title: "Losing one availability zone would stop the TigerBeetle cluster",
  remediation: "Spread replicas over more AZs: set `availability_zones = 3` in " +
    "[deploy.network] (3 replicas: one per AZ; 6 replicas: two per AZ).",
  check(input): FindingDraft[] {
    const count = deployedReplicaCount(input);
    if (isDev(input) || count === undefined || count < 3) return [];
    const zones = replicasPerZone(input);
    if (zones === undefined) return [];
    const largest = Math.max(...zones.values());
    const q = quorums(count);
    if (count - largest >= q.viewChange) return [];
    return [{
      stack: tigerBeetleStackId,
      span: configSpan(input, "deploy.network.availability_zones") ??
        configSpan(input, nodeCountKey),
      severity: input.config.environment === "prod" ? "high" : "warn",
      message: `${count} TigerBeetle replicas in ${zones.size} AZ${zones.size === 1 ? "" : "s"} ` +
        `(at most ${largest} in one): losing that AZ leaves ${count - largest}, fewer than the ` +
        `${q.viewChange} Viewstamped Replication needs, so the ledger stops`,
    }];
  },
};
