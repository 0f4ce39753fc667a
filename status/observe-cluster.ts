/**
 * Gather a ClusterObservation from AWS (SDK v3 clients passed in): the cluster's SSM parameters
 * (settings, `nodes/`, `formatted/`), each replica's Auto Scaling group and its instances, the
 * instances' EC2 state, and the agent's latest metrics. Read-only; every name comes from
 * ir/tigerbeetle-node.ts, as the stack and the agent use them.
 */
import { DescribeAutoScalingGroupsCommand, type AutoScalingClient,
  type AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import { GetMetricDataCommand, type CloudWatchClient,
  type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { DescribeInstancesCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { GetParametersByPathCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { agentMetricNames, agentMetricNamespace, clusterTagValue, readNodeEntries, replicaNodeName,
  ssmNames, ssmPrefix } from "../ir/tigerbeetle-node.ts";
import { replicaCountMax } from "../ir/tigerbeetle-cluster.ts";
import type { ClusterObservation, GroupInstance, ReplicaMetrics } from "./observation.ts";

export interface StatusClients {
  readonly ssm: SSMClient;
  readonly autoScaling: AutoScalingClient;
  readonly ec2: EC2Client;
  readonly cloudWatch: CloudWatchClient;
}

export interface ClusterIdentity {
  readonly app: string;
  readonly environment: string;
  readonly region: string;
  /** The project's replica count: used when SSM does not say (stack not deployed). */
  readonly configuredReplicaCount: number;
}

/** Metrics are looked for this far back; the agent publishes every minute. */
const metricWindowMinutes = 30;
/**
 * Bound on SSM pages: a cluster has a few dozen parameters; stale `nodes/` entries (and those an
 * earlier dazzle left as `nodes/{instance-id}`) add some.
 */
const parameterPagesMax = 50;

export async function observeCluster(
  clients: StatusClients,
  identity: ClusterIdentity,
  now: Date,
): Promise<ClusterObservation> {
  const cluster = clusterTagValue(identity.app, identity.environment);
  const prefix = ssmPrefix(identity.app, identity.environment);
  const parameters = await readParameters(clients.ssm, prefix);
  const settings = {
    addresses: parameters.get(ssmNames.addresses(prefix)),
    version: parameters.get(ssmNames.version(prefix)),
    clusterId: parameters.get(ssmNames.clusterId(prefix)),
    replicaCount: parameters.get(ssmNames.replicaCount(prefix)),
  };
  const recorded = Number(settings.replicaCount);
  const replicaCount = Number.isInteger(recorded) && recorded >= 1 && recorded <= replicaCountMax
    ? recorded :
    identity.configuredReplicaCount;
  const formatted = new Map<number, string>();
  const formattedPath = `${ssmNames.formattedPath(prefix)}/`;
  for (const [name, value] of parameters) {
    const index = name.startsWith(formattedPath) ? Number(name.slice(formattedPath.length)) : NaN;
    if (Number.isInteger(index)) formatted.set(index, value);
  }
  const groupNames = Array.from({ length: replicaCount }, (_, i) => replicaNodeName(cluster, i));
  const groups = await readGroups(clients.autoScaling, groupNames);
  const instanceIds = [...groups.values()].flatMap((group) => group.instances.map((i) => i.id));
  return {
    cluster,
    region: identity.region,
    prefix,
    replicaCount,
    settings: Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
    groupNames,
    groups,
    instances: await readInstances(clients.ec2, instanceIds),
    ...readNodeEntries(prefix, parameters),
    formatted,
    metrics: await readMetrics(clients.cloudWatch, identity, replicaCount, now),
    metricWindowMinutes,
  };
}

async function readParameters(ssm: SSMClient, prefix: string): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  let nextToken: string | undefined;
  for (let page = 0; page < parameterPagesMax; page++) {
    const answer = await ssm.send(
      new GetParametersByPathCommand({ Path: prefix, Recursive: true,
        ...(nextToken ? { NextToken: nextToken } : {}) }),
    );
    for (const parameter of answer.Parameters ?? []) {
      if (parameter.Name && parameter.Value !== undefined) {
        values.set(parameter.Name, parameter.Value);
      }
    }
    nextToken = answer.NextToken;
    if (!nextToken) break;
  }
  return values;
}

async function readGroups(autoScaling: AutoScalingClient, names: readonly string[]) {
  const answer = await autoScaling.send(new DescribeAutoScalingGroupsCommand({
    AutoScalingGroupNames: [...names],
  }));
  const groups = new Map<number, { instances: GroupInstance[] }>();
  for (const group of answer.AutoScalingGroups ?? []) {
    const index = names.indexOf(group.AutoScalingGroupName ?? "");
    if (index >= 0) groups.set(index, { instances: groupInstances(group) });
  }
  return groups;
}

function groupInstances(group: AutoScalingGroup): GroupInstance[] {
  const current = group.LaunchTemplate?.Version;
  return (group.Instances ?? []).filter((instance) => instance.InstanceId).map((instance) => {
    const own = instance.LaunchTemplate?.Version;
    // Comparable only when both are version numbers (the stack pins LatestVersionNumber).
    const comparable = current !== undefined && own !== undefined && /^\d+$/.test(current) &&
      /^\d+$/.test(own);
    return {
      id: instance.InstanceId!,
      lifecycleState: instance.LifecycleState ?? "unknown",
      ...(instance.HealthStatus ? { healthStatus: instance.HealthStatus } : {}),
      ...(comparable ? { launchTemplateCurrent: own === current } : {}),
    };
  });
}

async function readInstances(ec2: EC2Client, ids: readonly string[]) {
  const instances = new Map<string, { state?: string; privateIp?: string }>();
  if (ids.length === 0) return instances;
  const answer = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [...ids] }));
  for (const reservation of answer.Reservations ?? []) {
    for (const instance of reservation.Instances ?? []) {
      if (!instance.InstanceId) continue;
      instances.set(instance.InstanceId, {
        ...(instance.State?.Name ? { state: instance.State.Name } : {}),
        ...(instance.PrivateIpAddress ? { privateIp: instance.PrivateIpAddress } : {}),
      });
    }
  }
  return instances;
}

/**
 * The metrics each replica's agent publishes, read per minute (CloudWatch's finest period for
 * them). The newest minute counts, and within it "up at least once" (Maximum): a replica that
 * joined its peers during that minute reported 0 before it, which must not hide that it is up.
 */
const metricQueries = [
  { key: "heartbeat", name: agentMetricNames.heartbeat, stat: "SampleCount" },
  { key: "processUp", name: agentMetricNames.replicaUp, stat: "Maximum" },
  { key: "quorumReachable", name: agentMetricNames.quorumReachable, stat: "Maximum" },
  { key: "dataLossHalt", name: agentMetricNames.dataLossHalt, stat: "Maximum" },
] as const;

async function readMetrics(
  cloudWatch: CloudWatchClient,
  identity: ClusterIdentity,
  replicaCount: number,
  now: Date,
): Promise<Map<number, ReplicaMetrics>> {
  const queries: MetricDataQuery[] = [];
  for (let replica = 0; replica < replicaCount; replica++) {
    for (const query of metricQueries) {
      queries.push({ Id: `${query.key.toLowerCase()}${replica}`, ReturnData: true,
        MetricStat: { Stat: query.stat, Period: 60, Metric: {
          Namespace: agentMetricNamespace(identity.app),
          MetricName: query.name,
          Dimensions: [{ Name: "App", Value: identity.app }, { Name: "Environment",
            Value: identity.environment }, { Name: "Replica", Value: String(replica) }],
        } } });
    }
  }
  const answer = await cloudWatch.send(
    new GetMetricDataCommand({ MetricDataQueries: queries,
      StartTime: new Date(now.getTime() - metricWindowMinutes * 60_000), EndTime: now,
      ScanBy: "TimestampDescending" }),
  );
  const metrics = new Map<number, Record<string, unknown>>();
  for (const result of answer.MetricDataResults ?? []) {
    const match = /^([a-z]+)(\d+)$/.exec(result.Id ?? "");
    if (!match) continue;
    const replica = Number(match[2]);
    const query = metricQueries.find((q) => q.key.toLowerCase() === match[1]);
    const newest = latest(result.Timestamps ?? [], result.Values ?? []);
    if (!query || newest === undefined) continue;
    const entry = metrics.get(replica) ?? {};
    if (query.key === "heartbeat") entry["heartbeatAt"] = newest.at;
    else entry[query.key] = newest.value;
    metrics.set(replica, entry);
  }
  return metrics as Map<number, ReplicaMetrics>;
}

function latest(timestamps: readonly Date[], values: readonly number[]) {
  let best: { at: Date; value: number } | undefined;
  timestamps.forEach((at, index) => {
    const value = values[index];
    if (value !== undefined && (best === undefined || at > best.at)) best = { at, value };
  });
  return best;
}
