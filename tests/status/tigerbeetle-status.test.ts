/**
 * `dazzle tigerbeetle status` against a cluster this test builds in moto server: the replicas'
 * volumes, interfaces and SSM settings as the stack makes them, real `dazzle agent` processes
 * (with the TigerBeetle stand-in) that attach, format, register under `nodes/i/` and publish
 * their metrics, and one Auto Scaling group per replica holding its instance. Then replicas are
 * taken away one by one: healthy (exit 0), degraded with quorum (exit 1), quorum lost (exit 1).
 */
import { describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AttachInstancesCommand, AutoScalingClient,
  CreateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DeleteParametersCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { clusterTagValue, replicaNodeName, ssmNames } from "../../ir/tigerbeetle-node.ts";
import { toolPaths } from "../../scripts/tools.ts";
import type { ClusterStatus } from "../../status/cluster-status.ts";
import { awsClientConfig, createClusterFixture, terminateInstance, testRegion,
  type ClusterFixture } from "../../testing/cluster.ts";
import { formCluster, stopAll } from "../../testing/harness.ts";
import { fakeAwsEnvironment } from "../../testing/moto.ts";
import { waitFor } from "../../testing/processes.ts";
import { tigerbeetleStandInPath } from "../../testing/stand-in-path.ts";
import { runInProcess } from "../cli/fake-io.ts";
import { setKey } from "../../testing/preflight-pipeline.ts";
import { useTestWorld } from "../support/test-world.ts";

const missing = [toolPaths.motoServer(), toolPaths.ec2MetadataMock()].filter((p) => !existsSync(p));
if (missing.length > 0) console.warn(`skipped: ${missing.join(", ")} not installed`);
const clusterTest = test.skipIf(missing.length > 0);
const world = missing.length > 0 ? undefined : useTestWorld();

/** The example project (app `wallet`, 3 replicas), in staging in the emulator's region. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "dazzle-status-"));
  cpSync(join(import.meta.dir, "../../example"), dir, { recursive: true });
  const toml = join(dir, "dazzle.toml");
  writeFileSync(toml, setKey(readFileSync(toml, "utf8"), "deploy", "region", `"${testRegion}"`));
  return dir;
}

async function status(projectDir: string, endpoint: string, json = true) {
  const run = await runInProcess(["tigerbeetle", "status", "-p", projectDir,
    ...(json ? ["--json"] : [])], { env: { ...fakeAwsEnvironment(endpoint), PATH: "" } });
  return { ...run, status: json && run.stdout.startsWith("{")
    ? JSON.parse(run.stdout) as ClusterStatus :
    undefined };
}

/** One group per replica, as the TigerBeetle stack names them, each holding its instance. */
async function createGroups(fixture: ClusterFixture, instanceIds: readonly string[]) {
  const config = awsClientConfig(fixture.endpoint);
  const ec2 = new EC2Client(config);
  const template = await ec2.send(new CreateLaunchTemplateCommand({
    LaunchTemplateName: `${fixture.app}-${fixture.environment}-status`,
    LaunchTemplateData: { ImageId: "ami-00000000000000000", InstanceType: "r6i.large" },
  }));
  const autoScaling = new AutoScalingClient(config);
  for (const [replica, instanceId] of instanceIds.entries()) {
    const name = replicaNodeName(clusterTagValue(fixture.app, fixture.environment), replica);
    await autoScaling.send(
      new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, MinSize: 0, MaxSize: 1,
        DesiredCapacity: 0, VPCZoneIdentifier: fixture.instanceSubnetId,
        LaunchTemplate: { LaunchTemplateId: template.LaunchTemplate!.LaunchTemplateId!,
          Version: "1" } }),
    );
    await autoScaling.send(
      new AttachInstancesCommand({ AutoScalingGroupName: name, InstanceIds: [instanceId] }),
    );
  }
}

describe("tigerbeetle status", () => {
  clusterTest("a formed cluster is healthy; losing replicas degrades it, then loses quorum",
    async () => {
      const endpoint = world!().endpoint;
      const fixture = await createClusterFixture(endpoint, { app: "wallet", environment: "staging",
        replicaCount: 3, octet: 91, workDirectory: join(world!().workDirectory, "status") });
      const nodes = await formCluster(fixture, await tigerbeetleStandInPath(), [
        "--metrics-interval-seconds",
        "1",
      ]);
      try {
        await createGroups(fixture, nodes.map((node) => node.instanceId));
        const dir = project();
        // The agents register, format and publish within seconds of forming.
        let last: unknown;
        const healthy = await waitFor("a healthy status", 60_000, async () => {
          const run = await status(dir, endpoint);
          last = run.status ?? run.stderr;
          return run.exitCode === 0 ? run : undefined;
        }, 500).catch((error: Error) => {
          throw new Error(`${error.message}; last status: ${JSON.stringify(last, null, 1)}`);
        });
        const cluster = healthy.status!;
        expect(cluster.quorum).toEqual({ needed: 2, up: 3, met: true });
        expect(cluster.version).toBe("0.16.99");
        cluster.replicas.forEach((replica, index) => {
          expect(replica).toMatchObject({ replica: index, state: "up", registered: true,
            formatted: true, address: fixture.addresses[index],
            autoScalingGroup: `wallet-staging-tigerbeetle-${index}`,
            instance: { id: nodes[index]!.instanceId, lifecycleState: "InService",
              state: "running" } });
          expect(replica.lastMetric?.processUp).toBe(true);
          expect(replica.problems).toEqual([]);
        });
        const text = await status(dir, endpoint, false);
        expect(text.stdout).toContain("quorum 3 of 2 needed up: yes");
        expect(text.stdout).toContain("healthy: every replica is up");

        // Entries the previous dazzle wrote (nodes/{instance-id}): reported with the command
        // that deletes them, counted as nobody's registration; gone once deleted that way.
        const ssm = new SSMClient(awsClientConfig(endpoint));
        const legacy = [ssmNames.legacyNode(fixture.prefix, "i-0000000000000e001"),
          ssmNames.legacyNode(fixture.prefix, "i-0000000000000e002")];
        for (const name of legacy) {
          await ssm.send(
            new PutParameterCommand({ Name: name, Value: fixture.addresses[0]!, Type: "String" }),
          );
        }
        const withLegacy = await status(dir, endpoint);
        expect(withLegacy.exitCode).toBe(0);
        expect(withLegacy.status!.legacyEntries).toEqual(legacy);
        const command = `aws ssm delete-parameters --region ${testRegion} --names ` +
          legacy.join(" ");
        expect((await status(dir, endpoint, false)).stdout).toContain(
          `delete them with: ${command}`,
        );
        await ssm.send(new DeleteParametersCommand({ Names: legacy }));
        ssm.destroy();
        const cleaned = await status(dir, endpoint);
        expect(cleaned.status!.legacyEntries).toEqual([]);
        expect(cleaned.status!.notes).toEqual([]);

        // Replica 2's node dies: agent killed, instance terminated.
        await nodes[2]!.stop();
        await terminateInstance(fixture, nodes[2]!.instanceId);
        const degraded = await status(dir, endpoint);
        expect(degraded.exitCode).toBe(1);
        expect(degraded.status!.health).toBe("degraded");
        expect(degraded.status!.quorum).toEqual({ needed: 2, up: 2, met: true });
        expect(degraded.status!.replicas[2]!.state).toBe("down");
        expect(degraded.status!.replicas[2]!.problems.length).toBeGreaterThan(0);
        expect((await status(dir, endpoint, false)).stdout)
          .toContain("degraded: 1 of 3 replicas down; the cluster keeps its quorum");

        // And replica 1's: one replica left, below the quorum of 2.
        await nodes[1]!.stop();
        await terminateInstance(fixture, nodes[1]!.instanceId);
        const lost = await status(dir, endpoint);
        expect(lost.exitCode).toBe(1);
        expect(lost.status!.quorum).toEqual({ needed: 2, up: 1, met: false });
        expect((await status(dir, endpoint, false)).stdout)
          .toContain("the cluster has lost its quorum and cannot commit");
      } finally {
        await stopAll(nodes);
      }
    }, 180_000);

  clusterTest("no cluster deployed for the project: exit 2, saying so", async () => {
    const dir = project();
    const toml = join(dir, "dazzle.toml");
    writeFileSync(toml, setKey(readFileSync(toml, "utf8"), "deploy", "environment", "\"prod\""));
    const run = await status(dir, world!().endpoint);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("no TigerBeetle cluster wallet-prod is deployed in us-east-1");
  }, 60_000);

  test("without AWS credentials: exit 2 with how to provide them", async () => {
    const run = await runInProcess(["tigerbeetle", "status", "-p", project()], {
      env: { AWS_EC2_METADATA_DISABLED: "true", PATH: "" },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("no AWS credentials");
  }, 60_000);

  test("the plan's warnings about the stacks are left to --verbose: they are not its subject",
    async () => {
      const dir = project();
      const env = { AWS_EC2_METADATA_DISABLED: "true", PATH: "" };
      const plain = await runInProcess(["tigerbeetle", "status", "-p", dir], { env });
      expect(plain.stderr).not.toContain("warning[plan/");
      const verbose = await runInProcess(["--verbose", "tigerbeetle", "status", "-p", dir], {
        env,
      });
      expect(verbose.stderr).toContain("warning[plan/");
      expect([plain.exitCode, verbose.exitCode]).toEqual([2, 2]);
    }, 60_000);

  test("a project that cannot be read is an error (2), never a degraded cluster (1)", async () => {
    const env = { AWS_EC2_METADATA_DISABLED: "true", PATH: "" };
    const fifo = project();
    rmSync(join(fifo, "dazzle.toml"));
    expect(Bun.spawnSync(["mkfifo", join(fifo, "dazzle.toml")]).exitCode).toBe(0);
    for (const [argv, says] of [
      [["-p", fifo], "dazzle.toml is a named pipe (FIFO), not a regular file"],
      [["-p", project(), "--env", "prdo"], "describes no environment 'prdo'"],
      [["-p", join(fifo, "absent")], "absent"],
    ] as const) {
      const run = await runInProcess(["tigerbeetle", "status", ...argv], { env });
      expect({ argv, exitCode: run.exitCode, says: run.stderr.includes(says) })
        .toEqual({ argv, exitCode: 2, says: true });
    }
  }, 60_000);

  test("AWS out of reach: exit 2, and the hint says to check the way to AWS", async () => {
    const closed = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const endpoint = `http://127.0.0.1:${closed.port}`;
    closed.stop(true);
    const run = await runInProcess(["tigerbeetle", "status", "-p", project()], {
      env: { ...fakeAwsEnvironment(endpoint), AWS_MAX_ATTEMPTS: "1", PATH: "" },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("could not read the cluster's status in");
    expect(run.stderr).toContain("check that AWS (or AWS_ENDPOINT_URL) can be reached");
  }, 60_000);
});
