/**
 * What an operator sees: metrics in CloudWatch, convergence despite SSM throttling, and a clear,
 * bounded failure (error, exit code, metric) when a peer never registers.
 */
import { expect, test } from "bun:test";
import { CloudWatchClient, GetMetricDataCommand,
  ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { join } from "node:path";
import { agentMetricNames, agentMetricNamespace } from "../../ir/tigerbeetle-node.ts";
import { awsClientConfig, createClusterFixture, startAgentNode } from "../../testing/cluster.ts";
import { formCluster, standInEvents, stopAll } from "../../testing/harness.ts";
import { useTestWorld } from "../support/test-world.ts";
import { waitFor } from "../../testing/processes.ts";
import { tigerbeetleStandInPath } from "../../testing/stand-in-path.ts";

const world = useTestWorld();

/** The latest value of one agent metric for one replica, from the emulator's CloudWatch. */
async function latestMetric(app: string, name: string, replica: number) {
  const cloudWatch = new CloudWatchClient(awsClientConfig(world().endpoint));
  const now = Date.now();
  const response = await cloudWatch.send(new GetMetricDataCommand({
    StartTime: new Date(now - 600_000),
    EndTime: new Date(now + 60_000),
    MetricDataQueries: [{ Id: "m", MetricStat: { Stat: "Maximum", Period: 60, Metric: {
      Namespace: agentMetricNamespace(app),
      MetricName: name,
      Dimensions: [
        { Name: "App", Value: app },
        { Name: "Environment", Value: "test" },
        { Name: "Replica", Value: String(replica) },
      ],
    } } }],
  }));
  return response.MetricDataResults?.[0]?.Values?.[0];
}

test("metrics arrive in CloudWatch with App/Environment/Replica dimensions", async () => {
  const app = "metrics";
  const fixture = await createClusterFixture(world().endpoint, { app, replicaCount: 3, octet: 61,
    workDirectory: join(world().workDirectory, app) });
  const nodes = await formCluster(fixture, await tigerbeetleStandInPath(), [
    "--metrics-interval-seconds",
    "1",
  ]);
  try {
    for (let replica = 0; replica < 3; replica++) {
      await waitFor(`ReplicaProcessUp = 1 for replica ${replica}`, 15_000, async () =>
        (await latestMetric(app, agentMetricNames.replicaUp, replica)) === 1 ? true : undefined,
        300);
    }
    const cloudWatch = new CloudWatchClient(awsClientConfig(world().endpoint));
    const listed = await cloudWatch.send(new ListMetricsCommand({
      Namespace: agentMetricNamespace(app),
    }));
    const names = new Set((listed.Metrics ?? []).map((metric) => metric.MetricName));
    for (const name of [agentMetricNames.heartbeat, agentMetricNames.replicaUp,
      agentMetricNames.restarts, agentMetricNames.registeredPeers, agentMetricNames.phase,
      agentMetricNames.dataLossHalt, agentMetricNames.quorumReachable,
      agentMetricNames.dataVolumeUsedPercent]) {
      expect(names.has(name)).toBe(true);
    }
    // Replica 0 may start before the last replica registers; it keeps polling quickly (2 s)
    // until the whole cluster is registered and answering.
    await waitFor("RegisteredPeers = 3 for replica 0", 10_000, async () =>
      (await latestMetric(app, agentMetricNames.registeredPeers, 0)) === 3 ? true : undefined, 300);
    await waitFor("QuorumReachable = 1 for replica 0", 10_000, async () =>
      (await latestMetric(app, agentMetricNames.quorumReachable, 0)) === 1 ? true : undefined, 300);
    expect(await latestMetric(app, agentMetricNames.dataLossHalt, 0)).toBe(0);
  } finally {
    await stopAll(nodes);
  }
}, 60_000);

test("SSM throttling (every 2nd call refused) slows the agents down but they converge",
  async () => {
    const app = "throttled";
    const fixture = await createClusterFixture(world().endpoint, { app, replicaCount: 3, octet: 62,
      workDirectory: join(world().workDirectory, app) });
    world().proxy.throttleSsm(2);
    const before = world().proxy.throttledCount();
    try {
      const nodes = await formCluster(fixture, await tigerbeetleStandInPath());
      try {
        expect(world().proxy.throttledCount() - before).toBeGreaterThan(5);
        for (const node of nodes) {
          const events = await standInEvents(node);
          expect(events.filter((e) => e.command === "format")).toHaveLength(1);
          expect(events.filter((e) => e.command === "start")).toHaveLength(1);
        }
      } finally {
        await stopAll(nodes);
      }
    } finally {
      world().proxy.throttleSsm(0);
    }
  }, 90_000);

test("a peer never registers: bounded wait, a clear error naming it, exit 1, metrics", async () => {
  const app = "lonely";
  const fixture = await createClusterFixture(world().endpoint, { app, replicaCount: 3, octet: 63,
    workDirectory: join(world().workDirectory, app) });
  const node = await startAgentNode(fixture, 0, { tigerbeetleBin: await tigerbeetleStandInPath(),
    extraArgs: ["--wait-seconds", "3", "--metrics-interval-seconds", "1", "--signal-stack",
      "lonely-test-TigerBeetle", "--signal-resource", "Replica0Group"] });
  try {
    const code = await Promise.race([node.process.exited, Bun.sleep(30_000).then(() => "hung")]);
    expect(code).toBe(1);
    expect(node.process.lines.some((line) =>
      line.includes("halt (peersMissing): 1 of 3 " +
        "replicas registered or answering, 2 needed; missing replicas: 1, 2")
    )).toBe(true);
    expect((await standInEvents(node)).some((e) => e.command === "start")).toBe(false);
    expect(await latestMetric(app, agentMetricNames.registeredPeers, 0)).toBe(1);
    expect(await latestMetric(app, agentMetricNames.quorumReachable, 0)).toBe(0);
    expect(await latestMetric(app, agentMetricNames.phase, 0)).toBe(7);
    expect(world().proxy.signals.filter((s) => s.uniqueId === node.instanceId)
      .map((s) => s.status)).toEqual(["FAILURE"]);
  } finally {
    await node.stop();
  }
}, 60_000);
