/**
 * How a deployed TigerBeetle cluster is doing, judged from what its parts record in AWS: each
 * replica's Auto Scaling group and instance, its `nodes/i/` registration and `formatted/i` marker
 * in SSM (written by the agent), and the agent's last metrics. Pure: an observation (gathered by
 * status/observe-cluster.ts) and the time in, a status out.
 */
import { quorums } from "../ir/tigerbeetle-cluster.ts";
import { ssmNames } from "../ir/tigerbeetle-node.ts";
import { heartbeatStaleAfterMinutes } from "./observation.ts";
import type { ClusterObservation, GroupInstance } from "./observation.ts";

export type ReplicaState = "up" | "down";

export interface ReplicaStatus {
  readonly replica: number;
  readonly autoScalingGroup: string;
  readonly instance?: {
    readonly id: string;
    /** Auto Scaling lifecycle state (`InService`, `Pending`, ...). */
    readonly lifecycleState: string;
    /** EC2 state (`running`, ...), when EC2 knows the instance. */
    readonly state?: string;
    readonly privateIp?: string;
    /** False when the group's launch template moved on (a new version or AMI to roll out). */
    readonly launchTemplateCurrent?: boolean;
  };
  readonly state: ReplicaState;
  /** The replica's fixed `ip:port` (entry i of `addresses`). */
  readonly address?: string;
  /** `nodes/<i>/<instance id>` of the replica's instance exists and names its address. */
  readonly registered: boolean;
  /** `formatted/<i>` exists: the data file was formatted once (never again). */
  readonly formatted: boolean;
  readonly lastMetric?: {
    readonly at: string;
    readonly ageSeconds: number;
    readonly processUp?: boolean;
    readonly quorumReachable?: boolean;
    readonly dataLossHalt?: boolean;
  };
  /** The pinned release the replica's launch template installs (SSM `version`). */
  readonly version?: string;
  /** What is wrong, one sentence each, most important first. */
  readonly problems: readonly string[];
}

export interface ClusterStatus {
  readonly cluster: string;
  readonly region: string;
  readonly replicaCount: number;
  readonly version?: string;
  readonly quorum: { readonly needed: number; readonly up: number; readonly met: boolean };
  readonly health: "healthy" | "degraded";
  readonly replicas: readonly ReplicaStatus[];
  /** Cluster-wide observations (stale registrations, settings that disagree). */
  readonly notes: readonly string[];
  /**
   * Full SSM names of the `nodes/{instance id}` entries an earlier dazzle left (see the note
   * that names them): safe to delete, nothing reads them.
   */
  readonly legacyEntries: readonly string[];
  readonly observedAt: string;
}

export function evaluateCluster(observation: ClusterObservation, now: Date): ClusterStatus {
  const replicaCount = observation.replicaCount;
  const addresses = observation.settings.addresses?.split(",").map((entry) => entry.trim());
  const replicas = Array.from({ length: replicaCount },
    (_, replica) => evaluateReplica(observation, replica, addresses?.[replica], now));
  const needed = replicaCount - quorums(replicaCount).failuresTolerated;
  const up = replicas.filter((replica) => replica.state === "up").length;
  const notes = clusterNotes(observation, replicas, addresses);
  return {
    cluster: observation.cluster,
    region: observation.region,
    replicaCount,
    ...(observation.settings.version ? { version: observation.settings.version } : {}),
    quorum: { needed, up, met: up >= needed },
    health: replicas.every((replica) => replica.state === "up" && replica.problems.length === 0)
      ? "healthy" :
      "degraded",
    replicas,
    notes,
    legacyEntries: legacyEntryNames(observation),
    observedAt: now.toISOString(),
  };
}

function evaluateReplica(
  observation: ClusterObservation,
  replica: number,
  address: string | undefined,
  now: Date,
): ReplicaStatus {
  const problems: string[] = [];
  const group = observation.groups.get(replica);
  const groupName = observation.groupNames[replica]!;
  const member = group ? pickInstance(group.instances) : undefined;
  const ec2 = member ? observation.instances.get(member.id) : undefined;
  if (group === undefined) {
    problems.push(`Auto Scaling group ${groupName} does not exist (TigerBeetle stack not ` +
      "deployed, or deleted?)");
  } else if (member === undefined) {
    problems.push(`no instance in ${groupName}: a replacement should be launching`);
  } else if (member.lifecycleState !== "InService") {
    problems.push(`instance ${member.id} is ${member.lifecycleState}, not InService`);
  }
  if (member && ec2 && ec2.state !== "running") {
    problems.push(`instance ${member.id} is ${ec2.state}`);
  }
  const registration = member ?
    observation.registrations.find((entry) =>
      entry.replica === replica && entry.instanceId === member.id
    )?.address :
    undefined;
  const registered = registration !== undefined && registration === address;
  if (member && registration === undefined) {
    problems.push(`instance ${member.id} has not registered under ` +
      `${ssmNames.replicaNodesPath(observation.prefix, replica)}/ (the agent has not ` +
      "attached the replica's volume and address yet, or is not running)");
  } else if (member && registration !== address) {
    problems.push(`${ssmNames.node(observation.prefix, replica, member.id)} says ` +
      `${registration}, but replica ${replica}'s address is ${address ?? "unknown"}`);
  }
  const formatted = observation.formatted.has(replica);
  if (!formatted) {
    problems.push(`no formatted/${replica} marker: the replica's data file was never formatted ` +
      "(a cluster still forming)");
  }
  const metric = observation.metrics.get(replica);
  const lastMetric = metric ? describeMetric(metric, now) : undefined;
  if (lastMetric === undefined) {
    problems.push("no agent metric in the last " +
      `${observation.metricWindowMinutes} minutes: the agent is not running or cannot publish`);
  } else {
    if (lastMetric.ageSeconds > heartbeatStaleAfterMinutes * 60) {
      problems.push(`the agent's last heartbeat is ${formatAge(lastMetric.ageSeconds)} old`);
    }
    if (lastMetric.dataLossHalt) {
      problems.push("the agent halted: the data file is lost and cannot be recovered " +
        "automatically (docs/troubleshooting.md, \"Data loss halt\")");
    }
    if (lastMetric.processUp === false) problems.push("the TigerBeetle process is not running");
    if (lastMetric.quorumReachable === false) {
      problems.push("this replica cannot reach a view-change quorum of its peers");
    }
  }
  if (member?.launchTemplateCurrent === false) {
    problems.push(`instance ${member.id} runs an older launch template than ${groupName}: ` +
      "roll it (instance refresh, one replica at a time) to apply the new version");
  }
  // Up: in service, running, registered (the agent attached the replica's volume and address)
  // and reporting a running TigerBeetle recently.
  const up = member !== undefined && member.lifecycleState === "InService" && registered &&
    (ec2 === undefined || ec2.state === "running") && lastMetric !== undefined &&
    lastMetric.ageSeconds <= heartbeatStaleAfterMinutes * 60 && lastMetric.processUp === true &&
    lastMetric.dataLossHalt !== true;
  return {
    replica,
    autoScalingGroup: groupName,
    ...(member ?
      {
        instance: { id: member.id, lifecycleState: member.lifecycleState,
          ...(ec2?.state ? { state: ec2.state } : {}),
          ...(ec2?.privateIp ? { privateIp: ec2.privateIp } : {}),
          ...(member.launchTemplateCurrent !== undefined
            ? { launchTemplateCurrent: member.launchTemplateCurrent } :
            {}) },
      } :
      {}),
    state: up ? "up" : "down",
    ...(address ? { address } : {}),
    registered,
    formatted,
    ...(lastMetric ? { lastMetric } : {}),
    ...(observation.settings.version ? { version: observation.settings.version } : {}),
    problems,
  };
}

/** The group's member to report: the one in service, else the newest. */
function pickInstance(instances: readonly GroupInstance[]): GroupInstance | undefined {
  return instances.find((instance) => instance.lifecycleState === "InService") ??
    instances.at(-1);
}

function describeMetric(metric: NonNullable<ReturnType<ClusterObservation["metrics"]["get"]>>,
  now: Date) {
  const latest = metric.heartbeatAt;
  if (latest === undefined) return undefined;
  return {
    at: latest.toISOString(),
    ageSeconds: Math.max(0, Math.round((now.getTime() - latest.getTime()) / 1000)),
    ...(metric.processUp !== undefined ? { processUp: metric.processUp >= 1 } : {}),
    ...(metric.quorumReachable !== undefined
      ? { quorumReachable: metric.quorumReachable >= 1 } :
      {}),
    ...(metric.dataLossHalt !== undefined ? { dataLossHalt: metric.dataLossHalt >= 1 } : {}),
  };
}

function clusterNotes(
  observation: ClusterObservation,
  replicas: readonly ReplicaStatus[],
  addresses: readonly string[] | undefined,
): string[] {
  const notes: string[] = [];
  if (addresses === undefined) {
    notes.push(`SSM ${observation.prefix}/addresses is missing: the TigerBeetle stack did not ` +
      "write its settings");
  } else if (addresses.length !== observation.replicaCount) {
    notes.push(`addresses lists ${addresses.length} replicas, replica_count says ` +
      `${observation.replicaCount}`);
  }
  const stale = observation.registrations
    .filter((entry) => replicas[entry.replica]?.instance?.id !== entry.instanceId)
    .map((entry) => `${entry.instanceId} (replica ${entry.replica})`).sort();
  if (stale.length > 0) {
    notes.push(`nodes/ still lists ${stale.length} instance${stale.length === 1 ? "" : "s"} ` +
      `no replica runs on (${stale.join(", ")}): left by replaced or stopped nodes`);
  }
  const legacy = legacyEntryNames(observation);
  if (legacy.length > 0) {
    notes.push(`nodes/ holds ${legacy.length} entr${legacy.length === 1 ? "y" : "ies"} ` +
      "an earlier dazzle wrote as nodes/{instance-id}, before registrations carried the replica " +
      `index (${observation.legacy.map((entry) => entry.instanceId).sort().join(", ")}): ` +
      "nothing reads them and the replicas may not delete them; delete them with: " +
      deleteCommands(observation.region, legacy).join(" && "));
  }
  return notes;
}

function legacyEntryNames(observation: ClusterObservation): string[] {
  return observation.legacy.map((entry) =>
    ssmNames.legacyNode(observation.prefix, entry.instanceId)
  ).sort();
}

/** `DeleteParameters` takes at most 10 names per call. */
const deleteParametersNamesMax = 10;

function deleteCommands(region: string, names: readonly string[]): string[] {
  const commands: string[] = [];
  for (let start = 0; start < names.length; start += deleteParametersNamesMax) {
    const chunk = names.slice(start, start + deleteParametersNamesMax);
    commands.push(`aws ssm delete-parameters --region ${region} --names ${chunk.join(" ")}`);
  }
  return commands;
}

export function formatAge(seconds: number): string {
  if (seconds < 90) return `${seconds}s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}
