/**
 * The agent's AWS ports on the SDK, pointed at the emulator through `AWS_ENDPOINT_URL` alone
 * (the region and nothing else is passed in), each call checked from the other side.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { CreateLogGroupCommand, CloudWatchLogsClient,
  GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CloudWatchClient, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { createPlatform, createPlatformDeps } from "../../platform/deps.ts";
import { awsClientConfig, createClusterFixture, testRegion } from "../../testing/cluster.ts";
import { useTestWorld } from "../support/test-world.ts";
import { join } from "node:path";

const world = useTestWorld();
let savedEndpoint: string | undefined;

beforeAll(() => {
  savedEndpoint = process.env.AWS_ENDPOINT_URL;
});
afterAll(() => {
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = savedEndpoint;
});

function platformDeps() {
  process.env.AWS_ENDPOINT_URL = world().endpoint;
  const platform = createPlatform({ aws: { region: testRegion },
    metadataEndpoint: "http://127.0.0.1:9" });
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  const deps = createPlatformDeps(platform, { volumeDirectory: world().workDirectory,
    deviceWaitMs: 1_000, log: silent, logShipper: { flush: async () => {} },
    shutdownRequested: () => false });
  return { platform, deps };
}

test("SSM, EC2, CloudWatch, CloudWatch Logs and CloudFormation reach the emulator", async () => {
  const fixture = await createClusterFixture(world().endpoint, { app: "ports", replicaCount: 3,
    octet: 71, workDirectory: join(world().workDirectory, "ports") });
  const { platform, deps } = platformDeps();

  const listed = await deps.ssm.listByPath(fixture.prefix);
  expect(listed.map((p) => p.name).sort()).toEqual(
    ["addresses", "cluster_id", "replica_count", "version"].map((name) =>
      `${fixture.prefix}/${name}`
    ),
  );
  const marker = `${fixture.prefix}/formatted/0`;
  expect(await deps.ssm.get(marker)).toBeUndefined();
  expect(await deps.ssm.putIfAbsent(marker, "one")).toBe("created");
  expect(await deps.ssm.putIfAbsent(marker, "two")).toBe("exists");
  expect(await deps.ssm.get(marker)).toBe("one");
  await deps.ssm.remove(marker);
  await deps.ssm.remove(marker);
  expect(await deps.ssm.get(marker)).toBeUndefined();

  const tags = [{ key: "dazzle:tigerbeetle-cluster", value: "ports-test" }, {
    key: "dazzle:tigerbeetle-replica",
    value: "1",
  }];
  const volumes = await deps.ec2.findVolumes(tags);
  expect(volumes).toEqual([{ volumeId: fixture.volumeIds[1]!, attachments: [] }]);
  const interfaces = await deps.ec2.findInterfaces(tags);
  expect(interfaces).toEqual([{ interfaceId: fixture.interfaceIds[1]!,
    privateIp: fixture.addresses[1]!.split(":")[0]! }]);

  await deps.metrics.publish("Dazzle/ports", [{ name: "Replica", value: "1" }], [{
    name: "AgentHeartbeat",
    value: 1,
    unit: "Count",
  }]);
  const metrics = await new CloudWatchClient(awsClientConfig(world().endpoint))
    .send(new ListMetricsCommand({ Namespace: "Dazzle/ports" }));
  expect(metrics.Metrics?.map((m) => m.MetricName)).toEqual(["AgentHeartbeat"]);

  const logs = new CloudWatchLogsClient(awsClientConfig(world().endpoint));
  await logs.send(new CreateLogGroupCommand({ logGroupName: "/ports/test/tigerbeetle" }));
  await platform.logEvents.createStream("/ports/test/tigerbeetle", "replica-1/i-1");
  await platform.logEvents.createStream("/ports/test/tigerbeetle", "replica-1/i-1");
  await platform.logEvents.put("/ports/test/tigerbeetle", "replica-1/i-1", [{
    timestampMs: Date.now(),
    message: "hello",
  }]);
  const events = await logs.send(new GetLogEventsCommand({
    logGroupName: "/ports/test/tigerbeetle",
    logStreamName: "replica-1/i-1",
  }));
  expect(events.events?.map((e) => e.message)).toEqual(["hello"]);

  await deps.stackSignal.signal("ports-test-TigerBeetle", "Replica1Group", "i-1", "SUCCESS");
  expect(world().proxy.signals).toEqual([{ stackName: "ports-test-TigerBeetle",
    logicalId: "Replica1Group", uniqueId: "i-1", status: "SUCCESS" }]);
}, 60_000);
