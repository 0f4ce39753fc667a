/**
 * What the TigerBeetle stack would have created, made in the emulator for one test cluster:
 * a VPC on loopback addresses, one tagged volume and one tagged network interface per replica
 * (the interface's fixed private IP is the replica's loopback address 127.<octet>.0.<10+i>),
 * and the SSM settings (cluster_id, replica_count, addresses, version). Plus simulated nodes:
 * an EC2 instance, its own metadata emulator, and a `dazzle agent` process.
 */
import { CreateNetworkInterfaceCommand, CreateSubnetCommand, CreateVolumeCommand, CreateVpcCommand,
  DescribeNetworkInterfacesCommand, DescribeVolumesCommand, DetachNetworkInterfaceCommand,
  DetachVolumeCommand, EC2Client, RunInstancesCommand,
  TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { clusterTagValue, ssmNames, ssmPrefix, tagCluster,
  tagReplica } from "../ir/tigerbeetle-node.ts";
import { startMetadataEmulator } from "./metadata-emulator.ts";
import { type Emulator, fakeAwsEnvironment } from "./moto.ts";
import { type RunningProcess, freePort, startProcess } from "./processes.ts";

export const testRegion = "us-east-1";
const availabilityZone = "us-east-1a";

export function awsClientConfig(endpoint: string) {
  return { region: testRegion, endpoint, maxAttempts: 2,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" } };
}

export interface ClusterFixture {
  readonly endpoint: string;
  readonly app: string;
  readonly environment: string;
  readonly prefix: string;
  readonly clusterId: string;
  readonly replicaCount: number;
  readonly port: number;
  /** Entry i = replica i's `ip:port`. */
  readonly addresses: readonly string[];
  readonly volumeIds: readonly string[];
  readonly interfaceIds: readonly string[];
  readonly instanceSubnetId: string;
  /** Root of the per-volume folders (`--volume-directory`). */
  readonly volumeDirectory: string;
  readonly workDirectory: string;
}

export interface ClusterOptions {
  readonly app: string;
  readonly environment?: string;
  readonly replicaCount: number;
  /** Second octet of this cluster's loopback range: 127.<octet>.0.<10+i>. Unique per test. */
  readonly octet: number;
  readonly workDirectory: string;
  readonly clusterId?: string;
  /** Leave out the SSM settings (a test can write them later). */
  readonly withoutSettings?: boolean;
}

export async function createClusterFixture(endpoint: string,
  options: ClusterOptions): Promise<ClusterFixture> {
  const ec2 = new EC2Client(awsClientConfig(endpoint));
  const environment = options.environment ?? "test";
  const tagValue = clusterTagValue(options.app, environment);
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `127.${options.octet}.0.0/16` }));
  const vpcId = vpc.Vpc!.VpcId!;
  const replicaSubnet = await ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `127.${options.octet}.0.0/24`,
      AvailabilityZone: availabilityZone }),
  );
  const instanceSubnet = await ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `127.${options.octet}.1.0/24`,
      AvailabilityZone: availabilityZone }),
  );
  const port = await freePort();
  const addresses: string[] = [];
  const volumeIds: string[] = [];
  const interfaceIds: string[] = [];
  for (let replica = 0; replica < options.replicaCount; replica++) {
    const tags = [{ Key: tagCluster, Value: tagValue }, { Key: tagReplica, Value: `${replica}` }];
    const ip = `127.${options.octet}.0.${10 + replica}`;
    const volume = await ec2.send(
      new CreateVolumeCommand({ AvailabilityZone: availabilityZone, Size: 10, VolumeType: "gp3",
        Encrypted: true, TagSpecifications: [{ ResourceType: "volume", Tags: tags }] }),
    );
    const networkInterface = await ec2.send(new CreateNetworkInterfaceCommand({
      SubnetId: replicaSubnet.Subnet!.SubnetId!,
      PrivateIpAddress: ip,
      TagSpecifications: [{ ResourceType: "network-interface", Tags: tags }],
    }));
    addresses.push(`${ip}:${port}`);
    volumeIds.push(volume.VolumeId!);
    interfaceIds.push(networkInterface.NetworkInterface!.NetworkInterfaceId!);
  }
  const fixture: ClusterFixture = {
    endpoint,
    app: options.app,
    environment,
    prefix: ssmPrefix(options.app, environment),
    clusterId: options.clusterId ?? "170141183460469231731687303715884105727",
    replicaCount: options.replicaCount,
    port,
    addresses,
    volumeIds,
    interfaceIds,
    instanceSubnetId: instanceSubnet.Subnet!.SubnetId!,
    volumeDirectory: join(options.workDirectory, "volumes"),
    workDirectory: options.workDirectory,
  };
  await mkdir(fixture.volumeDirectory, { recursive: true });
  if (!options.withoutSettings) await writeClusterSettings(fixture);
  return fixture;
}

/** The stack's SSM parameters. */
async function writeClusterSettings(fixture: ClusterFixture): Promise<void> {
  const ssm = new SSMClient(awsClientConfig(fixture.endpoint));
  const values: [string, string][] = [
    [ssmNames.clusterId(fixture.prefix), fixture.clusterId],
    [ssmNames.replicaCount(fixture.prefix), String(fixture.replicaCount)],
    [ssmNames.addresses(fixture.prefix), fixture.addresses.join(",")],
    [ssmNames.version(fixture.prefix), "0.16.99"],
  ];
  for (const [name, value] of values) {
    await ssm.send(
      new PutParameterCommand({ Name: name, Value: value, Type: "String", Overwrite: true }),
    );
  }
}

export async function launchInstance(
  fixture: ClusterFixture,
): Promise<{ readonly instanceId: string; readonly privateIp: string }> {
  const ec2 = new EC2Client(awsClientConfig(fixture.endpoint));
  // moto 5.2.5 does not check the image; listing its ~800 AMIs would cost seconds per call.
  const launched = await ec2.send(
    new RunInstancesCommand({ ImageId: "ami-00000000000000000", MinCount: 1, MaxCount: 1,
      InstanceType: "r6i.large", SubnetId: fixture.instanceSubnetId }),
  );
  const instance = launched.Instances![0]!;
  return { instanceId: instance.InstanceId!, privateIp: instance.PrivateIpAddress! };
}

/** What EC2 does when an instance is terminated: its volumes and interfaces are released. */
/** A metadata emulator answering with `instance`'s identity, as a node's IMDS would. */
export function startInstanceMetadata(
  instance: { readonly instanceId: string; readonly privateIp: string },
): Promise<Emulator> {
  return startMetadataEmulator({ ...instance, availabilityZone, region: testRegion });
}

export async function terminateInstance(fixture: ClusterFixture, instanceId: string) {
  const ec2 = new EC2Client(awsClientConfig(fixture.endpoint));
  const volumes = await ec2.send(new DescribeVolumesCommand({
    Filters: [{ Name: "attachment.instance-id", Values: [instanceId] }],
  }));
  for (const volume of volumes.Volumes ?? []) {
    await ec2.send(
      new DetachVolumeCommand({ VolumeId: volume.VolumeId!, InstanceId: instanceId, Force: true }),
    );
  }
  const interfaces = await ec2.send(new DescribeNetworkInterfacesCommand({
    Filters: [{ Name: "attachment.instance-id", Values: [instanceId] }],
  }));
  for (const networkInterface of interfaces.NetworkInterfaces ?? []) {
    const attachmentId = networkInterface.Attachment?.AttachmentId;
    if (attachmentId !== undefined && networkInterface.Attachment?.DeviceIndex !== 0) {
      await ec2.send(
        new DetachNetworkInterfaceCommand({ AttachmentId: attachmentId, Force: true }),
      );
    }
  }
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
}

export interface AgentNode {
  readonly replica: number;
  readonly instanceId: string;
  readonly dataDir: string;
  readonly process: RunningProcess;
  readonly metadata: Emulator;
  /** JSON lines the stand-in wrote (what TigerBeetle commands ran for this node). */
  readonly eventsFile: string;
  stop(): Promise<void>;
}

export interface AgentOptions {
  readonly tigerbeetleBin: string;
  readonly extraArgs?: readonly string[];
  readonly extraEnv?: Record<string, string>;
  /** Defaults to a fresh instance. */
  readonly instance?: { readonly instanceId: string; readonly privateIp: string };
  /**
   * The instance's metadata emulator, started beforehand (benchmarks: on a real node IMDS is
   * there before the agent starts); by default one is started here. Stopped with the node.
   */
  readonly metadata?: Emulator;
  readonly name?: string;
  /** `--cache-grid` (TigerBeetle's size syntax); small for the real server. */
  readonly cacheGrid?: string;
}

const runAgentScript = join(import.meta.dir, "run-agent.ts");

/** Launch a simulated node for `replica`: instance, metadata emulator, agent process. */
export async function startAgentNode(fixture: ClusterFixture, replica: number,
  options: AgentOptions): Promise<AgentNode> {
  const instance = options.instance ?? await launchInstance(fixture);
  const metadata = options.metadata ?? await startInstanceMetadata(instance);
  const nodeDirectory = join(fixture.workDirectory, options.name ?? instance.instanceId);
  await mkdir(nodeDirectory, { recursive: true });
  const dataDir = join(nodeDirectory, "data");
  const eventsFile = join(nodeDirectory, "tigerbeetle-events.jsonl");
  const args = ["--app", fixture.app, "--environment", fixture.environment, "--region", testRegion,
    "--replica", String(replica), "--tigerbeetle-bin", options.tigerbeetleBin, "--data-dir",
    dataDir, "--volume-directory", fixture.volumeDirectory, "--development", "--cache-grid",
    options.cacheGrid ?? "1GiB", ...(options.extraArgs ?? [])];
  // DAZZLE_AGENT_BIN runs a built binary (`<bin> agent ...`) instead of the source entry.
  const binary = process.env.DAZZLE_AGENT_BIN;
  const command = binary === undefined ? [process.execPath, runAgentScript] : [binary, "agent"];
  const agent = startProcess(command[0]!, [...command.slice(1), ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...fakeAwsEnvironment(fixture.endpoint),
      AWS_EC2_METADATA_SERVICE_ENDPOINT: metadata.endpoint, TB_STAND_IN_EVENTS: eventsFile,
      ...(options.extraEnv ?? {}) },
    echoPrefix: `[${replica}] `,
  });
  return {
    replica,
    instanceId: instance.instanceId,
    dataDir,
    process: agent,
    metadata,
    eventsFile,
    async stop() {
      agent.killGroup("SIGKILL");
      await Promise.race([agent.exited, Bun.sleep(3_000)]);
      await metadata.stop();
    },
  };
}
