/**
 * Supervising TigerBeetle: restart after a crash with backoff (the lock can linger), a clean
 * stop and deregistration on SIGTERM, and the fence: two nodes claiming one replica, only the
 * volume's holder runs TigerBeetle.
 */
import { expect, test } from "bun:test";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ssmNames } from "../../ir/tigerbeetle-node.ts";
import { createClusterFixture, startAgentNode } from "../../testing/cluster.ts";
import { ssmSnapshot, standInEvents, stopAll, waitForStandInEvents,
  waitListening } from "../../testing/harness.ts";
import { useTestWorld } from "../support/test-world.ts";
import { tcpReachable, waitFor } from "../../testing/processes.ts";
import { tigerbeetleStandInPath } from "../../testing/stand-in-path.ts";

const world = useTestWorld();

async function singleReplica(app: string, octet: number) {
  return createClusterFixture(world().endpoint, { app, replicaCount: 1, octet,
    workDirectory: join(world().workDirectory, app) });
}

test("TigerBeetle crashes: restarted with backoff while its lock lingers, same data file",
  async () => {
    const fixture = await singleReplica("crash", 51);
    const linger = join(fixture.workDirectory, "lock-lingers");
    await writeFile(linger, "");
    const node = await startAgentNode(fixture, 0, { tigerbeetleBin: await tigerbeetleStandInPath(),
      extraEnv: { TB_STAND_IN_LOCK_LINGER_FILE: linger } });
    try {
      const [firstStart] = await waitForStandInEvents(node, "start", 1);
      process.kill(firstStart!.pid, "SIGKILL");
      // The restart fails on the dead process's lock, then, once the lock is gone, succeeds.
      await node.process.waitForLine(/another process holds the data file lock/, 30_000);
      await rm(linger);
      const restarted = (await waitForStandInEvents(node, "start", 2))[1]!;
      expect(restarted.pid).not.toBe(firstStart!.pid);
      expect(restarted.path).toBe(firstStart!.path);
      await waitListening(fixture.addresses[0]!, 5_000);
      expect((await standInEvents(node)).filter((e) => e.command === "format")).toHaveLength(1);
      expect(node.process.lines.some((line) => /tigerbeetle \(pid \d+\) exited/.test(line)))
        .toBe(true);
    } finally {
      await node.stop();
    }
  }, 60_000);

test("signals SUCCESS once running; SIGTERM stops TigerBeetle and deletes the registration",
  async () => {
    const fixture = await singleReplica("sigterm", 52);
    const node = await startAgentNode(fixture, 0, { tigerbeetleBin: await tigerbeetleStandInPath(),
      extraArgs: ["--signal-stack", "app-test-TigerBeetle", "--signal-resource",
        "Replica0Group"] });
    try {
      await waitListening(fixture.addresses[0]!, 20_000);
      await waitFor("the CloudFormation signal", 30_000, () =>
        world().proxy.signals.find(
          (signal) => signal.uniqueId === node.instanceId,
        ));
      expect(world().proxy.signals.filter((s) => s.uniqueId === node.instanceId)).toEqual([{
        stackName: "app-test-TigerBeetle",
        logicalId: "Replica0Group",
        uniqueId: node.instanceId,
        status: "SUCCESS",
      }]);
      const name = ssmNames.node(fixture.prefix, node.replica, node.instanceId);
      await waitFor("the registration", 30_000, async () => (await ssmSnapshot(fixture)).get(name));
      node.process.signal("SIGTERM");
      const code = await Promise.race([node.process.exited, Bun.sleep(15_000).then(() => "hung")]);
      expect(code).toBe(0);
      expect((await standInEvents(node)).some((e) => e.command === "stopped")).toBe(true);
      const [ip, port] = fixture.addresses[0]!.split(":");
      expect(await tcpReachable(ip!, Number(port))).toBe(false);
      expect((await ssmSnapshot(fixture)).has(name)).toBe(false);
    } finally {
      await node.stop();
    }
  }, 60_000);

test("two instances claim replica 0: only the volume's holder runs TigerBeetle", async () => {
  const fixture = await singleReplica("twoclaims", 53);
  const bin = await tigerbeetleStandInPath();
  const args = ["--wait-seconds", "4"];
  const nodes = await Promise.all([
    startAgentNode(fixture, 0, { tigerbeetleBin: bin, extraArgs: args }),
    startAgentNode(fixture, 0, { tigerbeetleBin: bin, extraArgs: args }),
  ]);
  try {
    await waitListening(fixture.addresses[0]!, 20_000);
    const loser = await waitFor("one agent to give up", 20_000, async () => {
      for (const node of nodes) {
        if (node.process.lines.some((l) => /halt \(volumeHeld\)/.test(l))) return node;
      }
      return undefined;
    });
    const winner = nodes.find((node) => node !== loser)!;
    expect(await loser.process.exited).toBe(1);
    expect(await standInEvents(loser)).toEqual([]);
    expect(await waitForStandInEvents(winner, "start", 1)).toHaveLength(1);
    expect(
      (await ssmSnapshot(fixture)).has(
        ssmNames.node(fixture.prefix, loser.replica, loser.instanceId),
      ),
    )
      .toBe(false);
  } finally {
    await stopAll(nodes);
  }
}, 60_000);
