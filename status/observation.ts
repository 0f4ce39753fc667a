/**
 * What `tigerbeetle status` reads about one cluster, as plain data: gathered from AWS by
 * status/observe-cluster.ts, judged by status/cluster-status.ts.
 */
import type { LegacyNodeEntry, NodeRegistration } from "../ir/tigerbeetle-node.ts";
import { alarmThresholds } from "../stacks/observability/alarm-thresholds.ts";

/** A heartbeat older than the heartbeat alarm's window means the agent (or node) is gone. */
export const heartbeatStaleAfterMinutes = alarmThresholds.heartbeatMissingMinutes;

export interface GroupInstance {
  readonly id: string;
  readonly lifecycleState: string;
  readonly healthStatus?: string;
  /** Whether it runs the group's current launch template version; unknown when absent. */
  readonly launchTemplateCurrent?: boolean;
}

export interface ReplicaMetrics {
  /** Time of the newest AgentHeartbeat data point. */
  readonly heartbeatAt?: Date;
  /** Newest values: ReplicaProcessUp, QuorumReachable, DataLossHalt. */
  readonly processUp?: number;
  readonly quorumReachable?: number;
  readonly dataLossHalt?: number;
}

export interface ClusterObservation {
  /** `{app}-{env}`. */
  readonly cluster: string;
  readonly region: string;
  readonly prefix: string;
  /** From SSM `replica_count`, else from the project's configuration. */
  readonly replicaCount: number;
  readonly settings: { readonly addresses?: string; readonly version?: string;
    readonly clusterId?: string; readonly replicaCount?: string };
  /** Group name per replica index, from ir/tigerbeetle-node.ts. */
  readonly groupNames: readonly string[];
  /** Replica index → its group; absent when the group does not exist. */
  readonly groups: ReadonlyMap<number, { readonly instances: readonly GroupInstance[] }>;
  readonly instances: ReadonlyMap<string, { readonly state?: string; readonly privateIp?: string }>;
  /** The agents' `nodes/{replica}/{instance id}` registrations (`ip:port`). */
  readonly registrations: readonly NodeRegistration[];
  /** `nodes/{instance id}` entries an earlier dazzle wrote: nothing reads them any more. */
  readonly legacy: readonly LegacyNodeEntry[];
  /** Replica index → `formatted/<i>` value. */
  readonly formatted: ReadonlyMap<number, string>;
  readonly metrics: ReadonlyMap<number, ReplicaMetrics>;
  /** How far back metrics were looked for. */
  readonly metricWindowMinutes: number;
}
