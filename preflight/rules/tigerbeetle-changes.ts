/**
 * TigerBeetle changes against the baseline that a CloudFormation diff shows as harmless
 * parameter updates but that break or empty the ledger: the replica count and cluster id are
 * fixed in the data files when they are formatted, and a replica never runs an older release
 * than the data file was written by. Upgrades are fine, done replica by replica.
 */
import { baselineStacks, clusterFacts, compareReleases, releaseNumbers,
  type LocatedValue } from "../baseline-stacks.ts";
import { tigerBeetleReleasesToSkip } from "../../ir/tigerbeetle-cluster.ts";
import { configSpan } from "../sources.ts";
import type { FindingDraft, PreflightInput, Rule } from "../types.ts";

interface Change {
  readonly before: string;
  readonly after: LocatedValue;
}

function changeOf(input: PreflightInput, fact: "replicaCount" | "clusterId" | "version"):
  | Change
  | undefined {
  const before = clusterFacts(baselineStacks(input))[fact];
  const after = clusterFacts(input.stacks)[fact];
  if (before === undefined || after === undefined || before.value === after.value) {
    return undefined;
  }
  return { before: before.value, after };
}

function at(change: Change, input: PreflightInput, key: string): Omit<FindingDraft, "message"> {
  const span = configSpan(input, key);
  return { stack: change.after.stack, logicalId: change.after.logicalId,
    ...(span ? { span } : {}) };
}

export const replicaCountChanged: Rule = {
  id: "TB_REPLICA_COUNT_CHANGED",
  severity: "critical",
  title: "TigerBeetle replica count changed on an existing cluster",
  remediation: "Set `node_count` in [deploy.tigerbeetle] back to the deployed count. A cluster " +
    "of another size is a new cluster: create it under another app or environment name and " +
    "migrate the ledger into it.",
  check(input) {
    const change = changeOf(input, "replicaCount");
    if (change === undefined) return [];
    return [{
      ...at(change, input, "deploy.tigerbeetle.node_count"),
      message: `TigerBeetle replica count ${change.before} → ${change.after.value}: the count ` +
        `is written into every data file when it is formatted and can never change; the ` +
        `existing replicas would refuse the new address list and new replicas cannot join`,
    }];
  },
};

export const clusterIdChanged: Rule = {
  id: "TB_CLUSTER_ID_CHANGED",
  severity: "critical",
  title: "TigerBeetle cluster id changed on an existing cluster",
  remediation: "Set `cluster_id` in [deploy.tigerbeetle] back to the deployed id (or remove it " +
    "if the deployed id was the derived one); the id is part of every data file.",
  check(input) {
    const change = changeOf(input, "clusterId");
    if (change === undefined) return [];
    return [{
      ...at(change, input, "deploy.tigerbeetle.cluster_id"),
      message: `TigerBeetle cluster id ${change.before} → ${change.after.value}: the data ` +
        `files were formatted for cluster ${change.before}; replicas would refuse to start ` +
        `(or, reformatted, start empty) and clients would reach no cluster`,
    }];
  },
};

/** The rolling upgrade, for TB_VERSION_UPGRADE's remediation. */
const rollingUpgradeProcedure = "Rolling upgrade: deploy, then replace the replicas' " +
  "instances one at a time (`aws autoscaling start-instance-refresh " +
  "--auto-scaling-group-name <app>-<environment>-tigerbeetle-<i>`), waiting for each replica " +
  "to rejoin before the next; the new launch template installs the new release and the " +
  "cluster switches to it (about 5 s unavailable) once every replica runs it. Upgrade the " +
  "cluster before deploying an app built with a newer TigerBeetle client (clients must never " +
  "be newer than the replicas), and read the release notes for releases that cannot be skipped.";

function versionChange(input: PreflightInput): { change: Change; direction: number } | undefined {
  const change = changeOf(input, "version");
  if (change === undefined) return undefined;
  const before = releaseNumbers(change.before);
  const after = releaseNumbers(change.after.value);
  // An unpinned version is TB_VERSION_UNPINNED's business; it cannot be ordered here.
  if (before === undefined || after === undefined) return undefined;
  return { change, direction: compareReleases(after, before) };
}

export const versionDowngrade: Rule = {
  id: "TB_VERSION_DOWNGRADE",
  severity: "critical",
  title: "TigerBeetle version downgrade",
  remediation: "Set `version` in [deploy.tigerbeetle] back to the deployed release (or newer): " +
    "TigerBeetle never runs an older release on data files a newer one has written.",
  check(input) {
    const found = versionChange(input);
    if (found === undefined || found.direction >= 0) return [];
    const { change } = found;
    return [{
      ...at(change, input, "deploy.tigerbeetle.version"),
      message: `TigerBeetle ${change.before} → ${change.after.value} is a downgrade: replaced ` +
        `replicas would install ${change.after.value}, which cannot open data files written ` +
        `by ${change.before}`,
    }];
  },
};

export const versionUpgrade: Rule = {
  id: "TB_VERSION_UPGRADE",
  severity: "info",
  title: "TigerBeetle version upgrade (rolling upgrade; warn for a release to skip)",
  remediation: rollingUpgradeProcedure,
  check(input) {
    const found = versionChange(input);
    if (found === undefined || found.direction <= 0) return [];
    const { change } = found;
    const skip = tigerBeetleReleasesToSkip[change.after.value];
    return [{
      ...at(change, input, "deploy.tigerbeetle.version"),
      ...(skip ? { severity: "warn" as const } : {}),
      message: `TigerBeetle ${change.before} → ${change.after.value}: an upgrade; running ` +
        `replicas keep ${change.before} until their instances are replaced` +
        (skip ? `. ${skip}` : ""),
    }];
  },
};
