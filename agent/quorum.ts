import { assert } from "./assert.ts";
import { replicaCountMax } from "./constants.ts";

/**
 * TigerBeetle's flexible quorums (src/vsr.zig): replication quorum is the majority capped at 3;
 * the view-change quorum makes any two quorums intersect. 3 replicas → 2 and 2; 6 → 3 and 4.
 */
const quorumReplicationMax = 3;

export function quorumReplication(replicaCount: number): number {
  assert(replicaCount >= 1 && replicaCount <= replicaCountMax, "replica count in 1..6");
  const majority = Math.ceil(replicaCount / 2);
  return Math.min(quorumReplicationMax, majority);
}

export function quorumViewChange(replicaCount: number): number {
  const majority = Math.ceil(replicaCount / 2);
  return Math.max(replicaCount - quorumReplication(replicaCount) + 1, majority);
}

/** `recover` is refused by TigerBeetle below 3 replicas: nothing to recover from. */
export const recoverReplicaCountMin = 3;
