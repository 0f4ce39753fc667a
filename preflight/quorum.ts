/**
 * TigerBeetle's quorums (Viewstamped Replication with flexible quorums, src/vsr.zig `quorums`):
 * replication quorum = min(3, majority); view-change quorum = max(n − replication + 1,
 * majority). A cluster stays available while at least the view-change quorum of replicas is up
 * (it also needs the replication quorum, which is never larger).
 */

/** Largest replication quorum TigerBeetle uses (constants.quorum_replication_max). */
const quorumReplicationMax = 3;

export interface Quorums {
  readonly replication: number;
  readonly viewChange: number;
  /** Replicas that may fail with the cluster still available. */
  readonly failuresTolerated: number;
}

export function quorums(replicaCount: number): Quorums {
  const majority = Math.floor(replicaCount / 2) + 1;
  const replication = Math.min(quorumReplicationMax, majority);
  const viewChange = Math.max(replicaCount - replication + 1, majority);
  return { replication, viewChange, failuresTolerated: replicaCount - viewChange };
}
