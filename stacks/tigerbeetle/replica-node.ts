/**
 * One TigerBeetle replica index: its fixed network interface and retained data volume (the
 * replica's identity, which outlives any instance), and an Auto Scaling group of exactly one
 * instance that brings a lost node back. The agent on the instance attaches the interface and
 * volume by tag and signals CloudFormation once its replica serves.
 */
import * as autoscaling from "aws-cdk-lib/aws-autoscaling";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as logs from "aws-cdk-lib/aws-logs";
import { Duration, Lazy, RemovalPolicy, Size, Stack, Tags } from "aws-cdk-lib/core";
import { Construct } from "constructs";
import type { TigerBeetleClusterSpec, TigerBeetleReplicaSpec } from "../../ir/aws-requirements.ts";
import { replicaNodeName, tagCluster, tagReplica } from "../../ir/tigerbeetle-node.ts";
import { renderUserData } from "./node-bootstrap.ts";
import { ReplicaRole } from "./replica-role.ts";

/** How long CloudFormation waits for a new replica's agent to report TigerBeetle running. */
const replicaSignalTimeoutMinutes = 30;

/** Root volume of the node (OS, binaries, journal); TigerBeetle data lives on its own volume. */
const rootVolumeSizeGib = 20;

export interface ReplicaNodeProps {
  readonly spec: TigerBeetleClusterSpec;
  readonly replica: TigerBeetleReplicaSpec;
  readonly app: string;
  readonly environment: string;
  readonly vpc: ec2.IVpc;
  readonly subnet: ec2.ISubnet;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly machineImage: ec2.IMachineImage;
  readonly logGroup: logs.ILogGroup;
}

export class ReplicaNode extends Construct {
  /** The replica index i this node serves. */
  readonly index: number;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly autoScalingGroupName: string;
  readonly volume: ec2.Volume;
  readonly networkInterface: ec2.CfnNetworkInterface;

  constructor(scope: Construct, id: string, props: ReplicaNodeProps) {
    super(scope, id);
    const { spec, replica } = props;
    this.index = replica.index;
    const availabilityZone = replica.availabilityZone ?? props.subnet.availabilityZone;
    const nodeName = replicaNodeName(spec.clusterTag, replica.index);
    this.networkInterface = new ec2.CfnNetworkInterface(this, "NetworkInterface", {
      subnetId: props.subnet.subnetId,
      privateIpAddress: replica.privateIp,
      groupSet: [props.securityGroup.securityGroupId],
      description: `TigerBeetle replica ${replica.index} address ${replica.address}`,
    });
    this.volume = new ec2.Volume(this, "DataVolume", {
      availabilityZone,
      size: Size.gibibytes(spec.volume.sizeGib),
      volumeType: ec2.EbsDeviceVolumeType.GP3,
      iops: spec.volume.iops,
      throughput: spec.volume.throughputMibps,
      encrypted: true,
      // A data volume holds ledger state: losing it with the stack is never acceptable.
      removalPolicy: RemovalPolicy.RETAIN,
      volumeName: `${nodeName}-data`,
    });
    const role = new ReplicaRole(this, "InstanceRole", {
      replicaIndex: replica.index,
      clusterTag: spec.clusterTag,
      ssmPrefix: spec.ssmPrefix,
      metricsNamespace: spec.metricsNamespace,
      volumeId: this.volume.volumeId,
      networkInterfaceId: this.networkInterface.ref,
      logGroup: props.logGroup,
      artifactBaseUrl: spec.artifactBaseUrl,
    });
    // The script names the group's logical id, known only once the group exists: render late.
    const userData = ec2.UserData.custom(Lazy.string({
      produce: () => this.bootstrapScript(props),
    }));
    const launchTemplate = this.launchTemplate(props, role, userData);
    this.autoScalingGroupName = nodeName;
    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, "Group", {
      vpc: props.vpc,
      vpcSubnets: { subnets: [props.subnet] },
      launchTemplate,
      minCapacity: 1,
      maxCapacity: 1,
      autoScalingGroupName: this.autoScalingGroupName,
      // Observability alarms on GroupInServiceInstances: the metric must be emitted.
      groupMetrics: [autoscaling.GroupMetrics.all()],
      signals: autoscaling.Signals.waitForCount(1, {
        timeout: Duration.minutes(replicaSignalTimeoutMinutes),
      }),
    });
    // Fixed at one: the group never scales, it only replaces a lost instance.
    const cfnGroup = this.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
    cfnGroup.desiredCapacity = "1";
    this.tagReplicaResources(spec.clusterTag, replica.index, nodeName);
  }

  /** The node's user-data: this replica's values and the agent's signal target (the group). */
  private bootstrapScript(props: ReplicaNodeProps): string {
    const { spec, replica } = props;
    const stack = Stack.of(this);
    const cfnGroup = this.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
    return renderUserData({
      app: props.app,
      environment: props.environment,
      region: stack.region,
      replicaIndex: replica.index,
      ssmPrefix: spec.ssmPrefix,
      metricsNamespace: spec.metricsNamespace,
      logGroupName: spec.logGroupName,
      signalStack: stack.stackName,
      signalResource: stack.getLogicalId(cfnGroup),
      dazzleVersion: spec.dazzleVersion,
      tigerbeetleVersion: spec.version,
      artifactBaseUrl: spec.artifactBaseUrl,
      architecture: spec.architecture,
    });
  }

  private launchTemplate(
    props: ReplicaNodeProps,
    role: ReplicaRole,
    userData: ec2.UserData,
  ): ec2.LaunchTemplate {
    return new ec2.LaunchTemplate(this, "LaunchTemplate", {
      instanceType: new ec2.InstanceType(props.spec.instanceType),
      machineImage: props.machineImage,
      role: role.role,
      securityGroup: props.securityGroup,
      userData,
      // IMDSv2 only; hop limit 1 because the agent runs on the host, not in a container.
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      blockDevices: [{
        deviceName: "/dev/xvda",
        volume: ec2.BlockDeviceVolume.ebs(rootVolumeSizeGib, {
          encrypted: true,
          volumeType: ec2.EbsDeviceVolumeType.GP3,
          deleteOnTermination: true,
        }),
      }],
    });
  }

  /** Cluster and replica tags on the volume, interface and instances (IAM conditions use them). */
  private tagReplicaResources(clusterTag: string, replicaIndex: number, nodeName: string): void {
    for (const resource of [this.volume, this.networkInterface, this.autoScalingGroup]) {
      Tags.of(resource).add(tagCluster, clusterTag);
      Tags.of(resource).add(tagReplica, String(replicaIndex));
    }
    Tags.of(this.networkInterface).add("Name", `${nodeName}-address`);
    Tags.of(this.autoScalingGroup).add("Name", nodeName);
  }
}
