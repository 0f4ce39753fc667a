/**
 * Node registrations against moto: replica i's agent writes `nodes/{i}/{instance-id}` only,
 * removes the entries of earlier instances of its own replica, and never touches another
 * replica's entries nor the `nodes/{instance-id}` entries an earlier dazzle wrote, which it
 * does not count as registered peers either (docs/agent.md, "Registrations"); in a rolling
 * upgrade from that dazzle, the replicas it still runs count because they answer.
 */
import { expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { dataFileName, ssmNames } from "../../ir/tigerbeetle-node.ts";
import { awsClientConfig, type ClusterFixture, createClusterFixture,
  startAgentNode } from "../../testing/cluster.ts";
import { ssmSnapshot, standInEvents, stopAll, waitForStandInEvents,
  waitListening } from "../../testing/harness.ts";
import { type RunningProcess, startProcess } from "../../testing/processes.ts";
import { tigerbeetleStandInPath } from "../../testing/stand-in-path.ts";
import { useTestWorld } from "../support/test-world.ts";

const world = useTestWorld();

async function putParameters(fixture: ClusterFixture, parameters: ReadonlyMap<string, string>) {
  const ssm = new SSMClient(awsClientConfig(fixture.endpoint));
  for (const [name, value] of parameters) {
    await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: "String" }));
  }
  ssm.destroy();
}

/** The parameters below `nodes/`, name → value. */
async function nodeEntries(fixture: ClusterFixture): Promise<Map<string, string>> {
  const below = `${ssmNames.nodesPath(fixture.prefix)}/`;
  return new Map([...await ssmSnapshot(fixture)].filter(([name]) => name.startsWith(below)));
}

test("replica i registers at nodes/{i}/{instance-id} and removes its earlier instances' " +
  "entries; other replicas' entries and nodes/{instance-id} entries stay as they were",
  async () => {
    const fixture = await createClusterFixture(world().endpoint, { app: "registry", replicaCount: 3,
      octet: 101, workDirectory: join(world().workDirectory, "registry") });
    const [address0, address1, address2] = fixture.addresses as [string, string, string];
    const prefix = fixture.prefix;
    const untouched = new Map([
      // Replica 2 runs no agent here: its registration is no business of replicas 0 and 1.
      [ssmNames.node(prefix, 2, "i-00000000000000d03"), address2],
      // What the previous dazzle wrote for earlier instances of replicas 0 and 1.
      [ssmNames.legacyNode(prefix, "i-00000000000000e01"), address0],
      [ssmNames.legacyNode(prefix, "i-00000000000000e02"), address1],
    ]);
    await putParameters(fixture,
      new Map([...untouched, [ssmNames.node(prefix, 0, "i-00000000000000d01"), address0], [
        ssmNames.node(prefix, 1, "i-00000000000000d02"),
        address1,
      ], [ssmNames.node(prefix, 1, "i-00000000000000d12"), "127.101.9.9:3000"]]));
    const bin = await tigerbeetleStandInPath();
    const nodes = await Promise.all(
      [0, 1].map((replica) => startAgentNode(fixture, replica, { tigerbeetleBin: bin })),
    );
    try {
      // An agent registers before it starts TigerBeetle: listening means registered.
      for (const node of nodes) await waitListening(fixture.addresses[node.replica]!, 30_000);
      expect(await nodeEntries(fixture)).toEqual(
        new Map([...untouched, [ssmNames.node(prefix, 0, nodes[0]!.instanceId), address0], [
          ssmNames.node(prefix, 1, nodes[1]!.instanceId),
          address1,
        ]]),
      );
    } finally {
      await stopAll(nodes);
    }
  }, 90_000);

test("nodes/{instance-id} entries of an earlier dazzle never count as registered peers",
  async () => {
    const fixture = await createClusterFixture(world().endpoint, { app: "legacycount",
      replicaCount: 3, octet: 102, workDirectory: join(world().workDirectory, "legacycount") });
    // The previous contract's registrations of replicas 1 and 2; neither replica answers.
    const legacy = new Map([
      [ssmNames.legacyNode(fixture.prefix, "i-00000000000000e11"), fixture.addresses[1]!],
      [ssmNames.legacyNode(fixture.prefix, "i-00000000000000e12"), fixture.addresses[2]!],
    ]);
    await putParameters(fixture, legacy);
    const node = await startAgentNode(fixture, 0, { tigerbeetleBin: await tigerbeetleStandInPath(),
      extraArgs: ["--wait-seconds", "3"] });
    try {
      const code = await Promise.race([node.process.exited, Bun.sleep(30_000).then(() => "hung")]);
      expect(code).toBe(1);
      expect(node.process.lines.find((line) => line.includes("halt (peersMissing)")))
        .toContain("1 of 3 replicas registered or answering, 2 needed; missing replicas: 1, 2");
      expect((await standInEvents(node)).filter((e) => e.command === "start")).toEqual([]);
      const entries = await nodeEntries(fixture);
      for (const [name, value] of legacy) expect(entries.get(name)).toBe(value);
    } finally {
      await node.stop();
    }
  }, 60_000);

/** A data file as the stand-in's `format` leaves it, written where `path` says. */
async function formattedDataFile(fixture: ClusterFixture, replica: number, path: string) {
  await writeFile(path,
    JSON.stringify({ cluster: fixture.clusterId, replica, replicaCount: fixture.replicaCount,
      madeBy: "format" }));
}

test("rolling upgrade: the replicas still run by the previous dazzle (registered only as " +
  "nodes/{instance-id}) answer, so the upgraded replica starts on its data; old entries stay",
  async () => {
    const fixture = await createClusterFixture(world().endpoint, { app: "upgrade", replicaCount: 3,
      octet: 103, workDirectory: join(world().workDirectory, "upgrade") });
    const bin = await tigerbeetleStandInPath();
    // The cluster as the previous dazzle left it: every replica formatted and marked, each
    // instance registered directly under nodes/ (replica 0's instance was just replaced).
    const legacy = new Map(
      fixture.addresses.map((address, replica) =>
        [ssmNames.legacyNode(fixture.prefix, `i-00000000000000e3${replica}`), address] as const
      ),
    );
    await putParameters(fixture,
      new Map([...legacy,
        ...fixture.addresses.map((_, replica) =>
          [ssmNames.formatted(fixture.prefix, replica),
            `volume=${fixture.volumeIds[replica]}`] as const
        )]));
    const volume0 = join(fixture.volumeDirectory, fixture.volumeIds[0]!);
    await mkdir(volume0, { recursive: true });
    await formattedDataFile(fixture, 0, join(volume0, dataFileName(fixture.clusterId, 0)));
    // Replicas 1 and 2 keep running TigerBeetle under their old agents.
    const oldReplicas: RunningProcess[] = [];
    const nodes = [];
    try {
      for (const replica of [1, 2]) {
        const path = join(fixture.workDirectory, `old-${replica}.tigerbeetle`);
        await formattedDataFile(fixture, replica, path);
        oldReplicas.push(
          startProcess(bin, ["start", `--addresses=${fixture.addresses.join(",")}`, "--development",
            path], { env: { PATH: process.env.PATH } }),
        );
        await waitListening(fixture.addresses[replica]!, 20_000);
      }
      const upgraded = await startAgentNode(fixture, 0, { tigerbeetleBin: bin });
      nodes.push(upgraded);
      await upgraded.process.waitForLine(/ready: replica 0/, 30_000);
      const events = await waitForStandInEvents(upgraded, "start", 1);
      // Started on the data file the volume kept (the data dir is the mounted volume).
      expect(events[0]).toMatchObject({ replica: 0, madeBy: "format" });
      expect((await standInEvents(upgraded)).map((event) => event.command))
        .not.toContain("format");
      expect(await nodeEntries(fixture)).toEqual(
        new Map([...legacy, [ssmNames.node(fixture.prefix, 0, upgraded.instanceId),
          fixture.addresses[0]!]]),
      );
    } finally {
      await stopAll(nodes);
      for (const old of oldReplicas) {
        old.killGroup("SIGKILL");
        await old.exited;
      }
    }
  }, 90_000);
