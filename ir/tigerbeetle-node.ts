/**
 * The contract between the TigerBeetle stack (which creates volumes, network interfaces, SSM
 * parameters and user-data) and `dazzle agent` (which finds and uses them on the node).
 * Both sides import these names from here, so they can never disagree.
 *
 * Identity model (the team's TigerBeetle notes and deployment spec, docs/agent.md):
 * - Each replica index i has its own Auto Scaling group (min = max = 1) pinned to one subnet/AZ,
 *   its own retained, encrypted gp3 data volume and its own network interface with a fixed
 *   private IP, all tagged with `tagCluster` = cluster tag value and `tagReplica` = i.
 * - user-data runs `dazzle agent --ssm-prefix <prefix> --replica <i> --region <r> ...`.
 * - The ordered address list (entry i = replica i's fixed `ip:port`) is a literal known at synth
 *   time: the stack writes it to SSM `addresses`, and injects the same string into ECS tasks.
 */

/** Tag keys on per-replica resources (volume, network interface). */
export const tagCluster = "dazzle:tigerbeetle-cluster";
export const tagReplica = "dazzle:tigerbeetle-replica";

/** The value of `tagCluster` for an app and environment. */
export function clusterTagValue(app: string, environment: string): string {
  return `${app}-${environment}`;
}

/**
 * Replica i's node name: its Auto Scaling group (min = max = 1), and the Name tag of its
 * instance, volume and interface. `dazzle tigerbeetle status` finds the instance through it.
 */
export function replicaNodeName(clusterTag: string, replica: number): string {
  return `${clusterTag}-tigerbeetle-${replica}`;
}

/** `/{app}/{env}/tigerbeetle`: every SSM parameter of the cluster lives below it. */
export function ssmPrefix(app: string, environment: string): string {
  return `/${app}/${environment}/tigerbeetle`;
}

function nodesPath(prefix: string): string {
  return `${prefix}/nodes`;
}

function replicaNodesPath(prefix: string, replica: number): string {
  return `${nodesPath(prefix)}/${replica}`;
}

/** SSM parameter names below the prefix. */
export const ssmNames = {
  /** Written by the stack: decimal u128 cluster id. */
  clusterId: (prefix: string) => `${prefix}/cluster_id`,
  /** Written by the stack: replica count (1, 3, 5 or 6). */
  replicaCount: (prefix: string) => `${prefix}/replica_count`,
  /** Written by the stack: the ordered `ip:port,ip:port,...` list, identical everywhere. */
  addresses: (prefix: string) => `${prefix}/addresses`,
  /** Written by the stack: pinned TigerBeetle version. */
  version: (prefix: string) => `${prefix}/version`,
  /**
   * Written by replica i's agent: `{private-ip}:{port}`. The deployment guide's discovery
   * (`nodes/{instance-id}`) with the replica index added, so replica i's role can be scoped to
   * its own `nodes/{i}/*` (a compromised replica cannot rewrite another's registration).
   */
  node: (prefix: string, replica: number, instanceId: string) =>
    `${replicaNodesPath(prefix, replica)}/${instanceId}`,
  /** Replica i's registrations, one per instance that served it; its role writes below only. */
  replicaNodesPath: (prefix: string, replica: number) => replicaNodesPath(prefix, replica),
  /** Every registration is below it: read with GetParametersByPath and Recursive=true. */
  nodesPath: (prefix: string) => nodesPath(prefix),
  /**
   * The registration dazzle wrote before the replica index was added: `nodes/{instance-id}`.
   * Nothing writes it any more; `tigerbeetle status` reports those left behind.
   */
  legacyNode: (prefix: string, instanceId: string) => `${nodesPath(prefix)}/${instanceId}`,
  /**
   * Written once by the agent after a successful `tigerbeetle format` of replica i, with a
   * conditional put (no overwrite). Its presence means: this replica was formatted once; a
   * missing data file must be recovered, never formatted again.
   */
  formatted: (prefix: string, replica: number) => `${prefix}/formatted/${replica}`,
  formattedPath: (prefix: string) => `${prefix}/formatted`,
} as const;

/** One `nodes/{i}/{instance-id}` registration, as read back from SSM. */
export interface NodeRegistration {
  readonly replica: number;
  readonly instanceId: string;
  /** The registered `{private-ip}:{port}`, as written (not validated here). */
  readonly address: string;
}

/** A `nodes/{instance-id}` entry of the previous contract (see `ssmNames.legacyNode`). */
export interface LegacyNodeEntry {
  readonly instanceId: string;
  readonly address: string;
}

export interface NodeEntries {
  readonly registrations: readonly NodeRegistration[];
  readonly legacy: readonly LegacyNodeEntry[];
}

/** An EC2 instance id (`i-` and 8 or 17 hex digits today): what legacy entries are named. */
const instanceIdPattern = /^i-[0-9a-f]+$/;
/** A replica index as `replicaNodesPath` writes it: decimal, no sign, no leading zero. */
const replicaIndexPattern = /^(0|[1-9][0-9]*)$/;

/**
 * Sort the parameters below `nodes/` (read recursively) into registrations and legacy entries.
 * Anything else below `nodes/` (a deeper path, a name that is neither) is not ours: left out.
 */
export function readNodeEntries(prefix: string,
  parameters: Iterable<readonly [name: string, value: string]>): NodeEntries {
  const below = `${nodesPath(prefix)}/`;
  const registrations: NodeRegistration[] = [];
  const legacy: LegacyNodeEntry[] = [];
  for (const [name, address] of parameters) {
    if (!name.startsWith(below)) continue;
    const segments = name.slice(below.length).split("/");
    const [first, second] = segments;
    if (segments.length === 2 && replicaIndexPattern.test(first!) && second !== "") {
      registrations.push({ replica: Number(first), instanceId: second!, address });
    } else if (segments.length === 1 && instanceIdPattern.test(first!)) {
      legacy.push({ instanceId: first!, address });
    }
  }
  return { registrations, legacy };
}

/** CloudWatch metric names the agent publishes (namespace: `Dazzle/{app}`). */
export const agentMetricNames = {
  heartbeat: "AgentHeartbeat",
  replicaUp: "ReplicaProcessUp",
  restarts: "ReplicaRestarts",
  registeredPeers: "RegisteredPeers",
  quorumReachable: "QuorumReachable",
  dataVolumeUsedPercent: "DataVolumeUsedPercent",
  phase: "AgentPhase",
  /** 1 when the agent stopped because data was lost and cannot be recovered automatically. */
  dataLossHalt: "DataLossHalt",
} as const;

/** Metric dimensions: `App`, `Environment`, `Replica`. */
export function agentMetricNamespace(app: string): string {
  return `Dazzle/${app}`;
}

/** Suggested data file name (TigerBeetle docs): `<cluster>_<replica>.tigerbeetle`. */
export function dataFileName(clusterId: string, replica: number): string {
  return `${clusterId}_${replica}.tigerbeetle`;
}

/** Where user-data mounts the data volume on the node. */
export const dataMountPoint = "/var/lib/tigerbeetle";

/**
 * True when an artifact base URL's host is a reserved DNS name (RFC 2606/6761: `.example`,
 * `.invalid`, `.test`, `localhost`): nodes could never download their binaries from it. The
 * config default is such a placeholder until the user names their mirror.
 */
export function hasPlaceholderHost(url: string): boolean {
  const host = /^[a-z0-9]+:\/\/([^/:]+)/i.exec(url)?.[1]?.toLowerCase() ?? "";
  return /(^|\.)(example|invalid|test|localhost)$/.test(host);
}
