/**
 * From cold, every replica's agent attaches its own volume and interface, formats exactly once,
 * records the marker, registers, and starts TigerBeetle with the same ordered address list.
 */
import { expect, test } from "bun:test";
import { ssmNames } from "../../ir/tigerbeetle-node.ts";
import { type AgentNode, type ClusterFixture, createClusterFixture,
  startAgentNode } from "../../testing/cluster.ts";
import { ssmSnapshot, standInEvents, stopAll } from "../../testing/harness.ts";
import { useTestWorld } from "../support/test-world.ts";
import { tcpReachable, waitFor } from "../../testing/processes.ts";
import { tigerbeetleStandInPath } from "../../testing/stand-in-path.ts";

const world = useTestWorld();

async function formCluster(app: string, replicaCount: number, octet: number) {
  const fixture = await createClusterFixture(world().endpoint, { app, replicaCount, octet,
    workDirectory: `${world().workDirectory}/${app}` });
  const tigerbeetleBin = await tigerbeetleStandInPath();
  const nodes = await Promise.all(
    Array.from({ length: replicaCount },
      (_, replica) => startAgentNode(fixture, replica, { tigerbeetleBin })),
  );
  return { fixture, nodes };
}

async function expectRunningCluster(fixture: ClusterFixture, nodes: readonly AgentNode[]) {
  for (const [replica, address] of fixture.addresses.entries()) {
    const [ip, port] = address.split(":");
    await waitFor(`replica ${replica} to listen on ${address}`, 20_000, async () =>
      (await tcpReachable(ip!, Number(port))) ? true : undefined, 100);
  }
  const parameters = await ssmSnapshot(fixture);
  for (const node of nodes) {
    expect(parameters.get(ssmNames.node(fixture.prefix, node.replica, node.instanceId)))
      .toBe(fixture.addresses[node.replica]);
    expect(parameters.get(ssmNames.formatted(fixture.prefix, node.replica))).toBeDefined();
    const events = await standInEvents(node);
    expect(events.filter((e) => e.command === "format")).toHaveLength(1);
    const starts = events.filter((e) => e.command === "start");
    expect(starts).toHaveLength(1);
    expect(starts[0]!.addresses).toBe(fixture.addresses.join(","));
    expect(starts[0]!.replica).toBe(node.replica);
  }
}

test("a 3-replica cluster forms from cold: one format per replica, registered, running",
  async () => {
    const { fixture, nodes } = await formCluster("cold3", 3, 31);
    try {
      await expectRunningCluster(fixture, nodes);
    } finally {
      await stopAll(nodes);
    }
  }, 60_000);

test("a 6-replica cluster forms from cold with the ordered address list on every replica",
  async () => {
    const { fixture, nodes } = await formCluster("cold6", 6, 32);
    try {
      await expectRunningCluster(fixture, nodes);
    } finally {
      await stopAll(nodes);
    }
  }, 90_000);
