/**
 * Replacing a node and surviving crashes around format: a replica that was formatted once is
 * never formatted again. Lost data comes back through `recover`; an interrupted format is
 * redone (it never served); a data file whose marker write was lost just gets its marker.
 */
import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { dataFileName, ssmNames } from "../../ir/tigerbeetle-node.ts";
import { createClusterFixture, startAgentNode, terminateInstance } from "../../testing/cluster.ts";
import { formCluster, ssmSnapshot, standInEvents, stopAll, waitForStandInEvents,
  waitListening } from "../../testing/harness.ts";
import { useTestWorld } from "../support/test-world.ts";
import { waitFor } from "../../testing/processes.ts";
import { tigerbeetleStandInPath } from "../../testing/stand-in-path.ts";

const world = useTestWorld();

test("a replacement node with an empty volume comes back through recover, not format", async () => {
  const fixture = await createClusterFixture(world().endpoint, { app: "replace", replicaCount: 3,
    octet: 41, workDirectory: join(world().workDirectory, "replace") });
  const bin = await tigerbeetleStandInPath();
  const nodes = await formCluster(fixture, bin);
  const lost = nodes[1]!;
  try {
    const markerBefore = (await ssmSnapshot(fixture)).get(ssmNames.formatted(fixture.prefix, 1));
    // The node dies with its disk: instance gone, volume blank.
    await lost.stop();
    await terminateInstance(fixture, lost.instanceId);
    const volume = join(fixture.volumeDirectory, fixture.volumeIds[1]!);
    for (const entry of await readdir(volume)) await rm(join(volume, entry), { force: true });

    const replacement = await startAgentNode(fixture, 1, { tigerbeetleBin: bin });
    nodes.push(replacement);
    await waitForStandInEvents(replacement, "start", 1);
    await waitListening(fixture.addresses[1]!, 10_000);

    const events = await standInEvents(replacement);
    expect(events.filter((e) => e.command === "format")).toHaveLength(0);
    expect(events.filter((e) => e.command === "recover")).toHaveLength(1);
    expect(events.find((e) => e.command === "start")?.madeBy).toBe("recover");
    const parameters = await ssmSnapshot(fixture);
    expect(parameters.get(ssmNames.formatted(fixture.prefix, 1))).toBe(markerBefore);
    expect(
      parameters.get(ssmNames.node(fixture.prefix, replacement.replica, replacement.instanceId)),
    )
      .toBe(fixture.addresses[1]);
    expect(parameters.has(ssmNames.node(fixture.prefix, lost.replica, lost.instanceId))).toBe(
      false,
    );
  } finally {
    await stopAll(nodes);
  }
}, 90_000);

test("the agent killed mid-format is restarted: the partial file is redone, formatted once",
  async () => {
    const fixture = await createClusterFixture(world().endpoint, { app: "midformat",
      replicaCount: 1, octet: 42, workDirectory: join(world().workDirectory, "midformat") });
    const bin = await tigerbeetleStandInPath();
    const first = await startAgentNode(fixture, 0, { tigerbeetleBin: bin, name: "node",
      extraEnv: { TB_STAND_IN_FORMAT_DELAY_MS: "5000" } });
    await waitFor("format to begin", 20_000,
      async () => (await standInEvents(first)).find((e) => e.command === "format"));
    // Like systemd killing the unit's control group: agent and format die together.
    await first.stop();
    const dataFile = join(fixture.volumeDirectory, fixture.volumeIds[0]!,
      dataFileName(fixture.clusterId, 0));
    expect(existsSync(dataFile)).toBe(false);
    expect(existsSync(`${dataFile}.formatting`)).toBe(true);
    expect((await ssmSnapshot(fixture)).has(ssmNames.formatted(fixture.prefix, 0))).toBe(false);

    const again = await startAgentNode(fixture, 0, { tigerbeetleBin: bin, name: "node",
      instance: { instanceId: first.instanceId, privateIp: "127.42.1.99" } });
    try {
      await waitListening(fixture.addresses[0]!, 20_000);
      await again.process.waitForLine(/left by an interrupted format/, 10_000);
      const events = await standInEvents(again);
      expect(events.filter((e) => e.command === "formatted")).toHaveLength(1);
      expect(JSON.parse(readFileSync(dataFile, "utf8")).madeBy).toBe("format");
      expect((await ssmSnapshot(fixture)).get(ssmNames.formatted(fixture.prefix, 0)))
        .toContain(`volume=${fixture.volumeIds[0]}`);
    } finally {
      await again.stop();
    }
  }, 60_000);

test("a data file without a marker (crash after format) gets its marker, not a second format",
  async () => {
    const fixture = await createClusterFixture(world().endpoint, { app: "nomarker", replicaCount: 1,
      octet: 43, workDirectory: join(world().workDirectory, "nomarker") });
    const volume = join(fixture.volumeDirectory, fixture.volumeIds[0]!);
    await mkdir(volume, { recursive: true });
    await writeFile(join(volume, dataFileName(fixture.clusterId, 0)), JSON.stringify({
      cluster: fixture.clusterId,
      replica: 0,
      replicaCount: 1,
      madeBy: "format",
    }));
    const node = await startAgentNode(fixture, 0, {
      tigerbeetleBin: await tigerbeetleStandInPath(),
    });
    try {
      await waitListening(fixture.addresses[0]!, 20_000);
      expect((await standInEvents(node)).filter((e) => e.command === "format")).toHaveLength(0);
      expect((await ssmSnapshot(fixture)).get(ssmNames.formatted(fixture.prefix, 0)))
        .toContain(`volume=${fixture.volumeIds[0]}`);
    } finally {
      await node.stop();
    }
  }, 60_000);

test("a single replica whose data is gone halts (dataLoss, exit 1) and never formats again",
  async () => {
    const fixture = await createClusterFixture(world().endpoint, { app: "lost1", replicaCount: 1,
      octet: 44, workDirectory: join(world().workDirectory, "lost1") });
    const bin = await tigerbeetleStandInPath();
    const first = await startAgentNode(fixture, 0, { tigerbeetleBin: bin, name: "node" });
    // The stand-in records `start` just after it listens: wait for the record, not the port.
    await waitForStandInEvents(first, "start", 1);
    await first.stop();
    const volume = join(fixture.volumeDirectory, fixture.volumeIds[0]!);
    for (const entry of await readdir(volume)) await rm(join(volume, entry), { force: true });

    const again = await startAgentNode(fixture, 0, { tigerbeetleBin: bin, name: "node",
      instance: { instanceId: first.instanceId, privateIp: "127.44.1.99" },
      extraArgs: ["--metrics-interval-seconds", "1"] });
    try {
      const code = await Promise.race([again.process.exited, Bun.sleep(20_000).then(() => "hung")]);
      expect(code).toBe(1);
      expect(again.process.lines.some((line) => line.includes("halt (dataLoss)"))).toBe(true);
      const events = await standInEvents(again);
      expect(events.filter((e) => e.command === "format")).toHaveLength(1);
      expect(events.filter((e) => e.command === "start")).toHaveLength(1);
      expect(existsSync(join(volume, dataFileName(fixture.clusterId, 0)))).toBe(false);
    } finally {
      await again.stop();
    }
  }, 60_000);
