/**
 * What the TigerBeetle stack would create, created in the local AWS emulator (moto) from the
 * template facts with every IP mapped to loopback: the SSM parameters, the log group, a VPC
 * and the replicas' subnets, each replica's tagged data volume and fixed network interface.
 * Plus what Auto Scaling would do: launch an instance for a replica (and, on replacement,
 * terminate the old one, which detaches its volume and interface as EC2 does for retained
 * resources).
 */
import { CreateNetworkInterfaceCommand, CreateSubnetCommand, CreateVolumeCommand, CreateVpcCommand,
  DescribeNetworkInterfacesCommand, DescribeVolumesCommand, DetachNetworkInterfaceCommand,
  DetachVolumeCommand, EC2Client, RunInstancesCommand,
  TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogStreamsCommand,
  GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { ssmNames } from "../../ir/tigerbeetle-node.ts";
import { loopbackAddresses, loopbackCidr, loopbackIp } from "./loopback-map.ts";
import type { ReplicaFacts, TemplateFacts } from "./template-facts.ts";

export interface ReplicaResources {
  readonly index: number;
  readonly subnetId: string;
  readonly availabilityZone: string;
  readonly volumeId: string;
  readonly interfaceId: string;
  /** The interface's loopback address: where this replica must listen. */
  readonly loopbackIp: string;
}

export interface LaunchedInstance {
  readonly instanceId: string;
  /** The primary IP moto gave it (what instance metadata reports as local-ipv4). */
  readonly primaryIp: string;
}

const fakeCredentials = { accessKeyId: "testing", secretAccessKey: "testing" };
/** Any image id moto knows; the "instance" is only an identity for the EC2 API. */
const imageId = "ami-12c6146b";

export class ClusterWorld {
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  readonly logs: CloudWatchLogsClient;

  constructor(endpoint: string, readonly region: string) {
    const config = { region, endpoint, credentials: fakeCredentials, maxAttempts: 2 };
    this.ec2 = new EC2Client(config);
    this.ssm = new SSMClient(config);
    this.logs = new CloudWatchLogsClient(config);
  }

  async createLogGroup(name: string): Promise<void> {
    await this.logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  }

  /** Every stream of the group with its messages, oldest first. */
  async logStreams(group: string): Promise<Map<string, string[]>> {
    const described = await this.logs.send(new DescribeLogStreamsCommand({
      logGroupName: group,
    }));
    const streams = new Map<string, string[]>();
    for (const { logStreamName } of described.logStreams ?? []) {
      const events = await this.logs.send(new GetLogEventsCommand({
        logGroupName: group,
        logStreamName,
        startFromHead: true,
      }));
      streams.set(logStreamName!, (events.events ?? []).map((event) => event.message ?? ""));
    }
    return streams;
  }

  /** SSM parameters as the stack writes them, with the address list mapped to loopback. */
  async writeParameters(facts: TemplateFacts, prefix: string): Promise<void> {
    for (const parameter of facts.ssmParameters) {
      const value = parameter.name === ssmNames.addresses(prefix)
        ? loopbackAddresses(parameter.value) :
        parameter.value;
      await this.ssm.send(new PutParameterCommand({
        Name: parameter.name,
        Value: value,
        Type: "String",
        Overwrite: false,
      }));
    }
  }

  async createReplicaResources(facts: TemplateFacts): Promise<ReplicaResources[]> {
    const firstCidr = facts.replicas[0]!.networkInterface.subnetCidr;
    const vpcCidr = `${loopbackCidr(firstCidr).split(".").slice(0, 2).join(".")}.0.0/16`;
    const vpc = await this.ec2.send(new CreateVpcCommand({ CidrBlock: vpcCidr }));
    const subnets = new Map<string, string>();
    const created: ReplicaResources[] = [];
    for (const replica of facts.replicas) {
      const cidr = loopbackCidr(replica.networkInterface.subnetCidr);
      if (!subnets.has(cidr)) {
        const subnet = await this.ec2.send(
          new CreateSubnetCommand({ VpcId: vpc.Vpc!.VpcId, CidrBlock: cidr,
            AvailabilityZone: replica.networkInterface.availabilityZone }),
        );
        subnets.set(cidr, subnet.Subnet!.SubnetId!);
      }
      created.push(await this.createReplica(replica, subnets.get(cidr)!));
    }
    return created;
  }

  private async createReplica(replica: ReplicaFacts, subnetId: string) {
    type Tags = ReplicaFacts["volume"]["tags"];
    const tags = (resourceType: "volume" | "network-interface",
      list: Tags) => [{ ResourceType: resourceType,
      Tags: list.map((t) => ({ Key: t.Key, Value: t.Value })) }];
    const volume = await this.ec2.send(new CreateVolumeCommand({
      AvailabilityZone: replica.volume.availabilityZone,
      Size: replica.volume.sizeGib,
      VolumeType: "gp3",
      Encrypted: true,
      TagSpecifications: tags("volume", replica.volume.tags),
    }));
    const ip = loopbackIp(replica.networkInterface.privateIp);
    const networkInterface = await this.ec2.send(new CreateNetworkInterfaceCommand({
      SubnetId: subnetId,
      PrivateIpAddress: ip,
      TagSpecifications: tags("network-interface", replica.networkInterface.tags),
    }));
    return {
      index: replica.index,
      subnetId,
      availabilityZone: replica.networkInterface.availabilityZone,
      volumeId: volume.VolumeId!,
      interfaceId: networkInterface.NetworkInterface!.NetworkInterfaceId!,
      loopbackIp: ip,
    };
  }

  /** What the replica's Auto Scaling group does: one instance in the replica's subnet. */
  async launchInstance(resources: ReplicaResources): Promise<LaunchedInstance> {
    const result = await this.ec2.send(new RunInstancesCommand({
      ImageId: imageId,
      MinCount: 1,
      MaxCount: 1,
      InstanceType: "r6i.large",
      SubnetId: resources.subnetId,
      Placement: { AvailabilityZone: resources.availabilityZone },
    }));
    const instance = result.Instances![0]!;
    return { instanceId: instance.InstanceId!, primaryIp: instance.PrivateIpAddress! };
  }

  /**
   * Terminate an instance the way EC2 does for the stack's retained resources: the data volume
   * and the fixed interface (DeleteOnTermination false) are detached and survive.
   */
  async terminateInstance(instanceId: string, resources: ReplicaResources): Promise<void> {
    const volume = await this.ec2.send(new DescribeVolumesCommand({
      VolumeIds: [resources.volumeId],
    }));
    if (volume.Volumes?.[0]?.Attachments?.some((a) => a.InstanceId === instanceId)) {
      await this.ec2.send(
        new DetachVolumeCommand({ VolumeId: resources.volumeId, InstanceId: instanceId,
          Force: true }),
      );
    }
    const described = await this.ec2.send(new DescribeNetworkInterfacesCommand({
      NetworkInterfaceIds: [resources.interfaceId],
    }));
    const attachment = described.NetworkInterfaces?.[0]?.Attachment;
    if (attachment?.AttachmentId && attachment.InstanceId === instanceId) {
      await this.ec2.send(new DetachNetworkInterfaceCommand({
        AttachmentId: attachment.AttachmentId,
        Force: true,
      }));
    }
    await this.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  }

  destroy(): void {
    this.ec2.destroy();
    this.ssm.destroy();
    this.logs.destroy();
  }
}
