/** TigerBeetle's quorums (src/vsr.zig), the basis of the replica-count and AZ-spread checks. */
import { expect, test } from "bun:test";
import { quorums } from "../../preflight/quorum.ts";

test("replication / view-change quorums and failures tolerated for 1–6 replicas", () => {
  const table = [1, 2, 3, 4, 5, 6].map((n) => [n, quorums(n).replication, quorums(n).viewChange,
    quorums(n).failuresTolerated]);
  expect(table).toEqual([
    [1, 1, 1, 0],
    [2, 2, 2, 0], // no better than 1: TB_EVEN_NODE_COUNT
    [3, 2, 2, 1],
    [4, 3, 3, 1], // no better than 3: TB_EVEN_NODE_COUNT
    [5, 3, 3, 2],
    [6, 3, 4, 2], // TigerBeetle's recommended production topology: allowed
  ]);
});
