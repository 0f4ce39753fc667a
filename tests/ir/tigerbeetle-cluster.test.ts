/**
 * The TigerBeetle cluster facts every stage imports: quorums exactly as `quorums` in
 * TigerBeetle 0.17.8's src/vsr.zig gives them (its own test table: replication 1,2,2,2,3,3 and
 * view change 1,2,2,3,3,4 for 1..6 replicas), and the counts Dazzle deploys.
 */
import { expect, test } from "bun:test";
import { quorums, recoverReplicaCountMin, replicaCountMax, replicaCountMin,
  replicaCountsDeployed } from "../../ir/tigerbeetle-cluster.ts";

test("replication, view-change and upgrade quorums and failures tolerated for 1–6 replicas", () => {
  const table = [1, 2, 3, 4, 5, 6].map((n) => {
    const q = quorums(n);
    return [n, q.replication, q.viewChange, q.upgrade, q.failuresTolerated];
  });
  expect(table).toEqual([
    [1, 1, 1, 1, 0],
    [2, 2, 2, 2, 0], // no better than 1: TB_EVEN_NODE_COUNT
    [3, 2, 2, 3, 1],
    [4, 2, 3, 4, 1], // no better than 3: TB_EVEN_NODE_COUNT
    [5, 3, 3, 5, 2],
    [6, 3, 4, 6, 2], // TigerBeetle's recommended production topology
  ]);
});

test("any replication quorum meets any view-change quorum (the invariant vsr.zig asserts)", () => {
  for (let n = replicaCountMin; n <= replicaCountMax; n++) {
    const q = quorums(n);
    expect(q.replication + q.viewChange).toBeGreaterThan(n);
    expect(q.viewChange).toBeGreaterThanOrEqual(Math.floor(n / 2) + 1);
  }
});

test("counts outside 1..6 are refused, not guessed", () => {
  for (const n of [0, 7, 2.5, Number.NaN]) expect(() => quorums(n)).toThrow(RangeError);
});

test("deployed counts: odd ones and 6; recover needs 3", () => {
  expect(replicaCountsDeployed).toEqual([1, 3, 5, 6]);
  expect(recoverReplicaCountMin).toBe(3);
});
