/**
 * The TigerBeetle stack: one Auto Scaling group per replica index, each with a fixed network
 * interface and a retained data volume that survive instance replacement (the team's TigerBeetle
 * notes), a security group open only to the app's tasks and the replicas themselves, the
 * cluster's SSM parameters and log group. Stack creation waits for every replica's agent to
 * signal.
 */
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as logs from "aws-cdk-lib/aws-logs";
import type { StackProps } from "aws-cdk-lib/core";
import { RemovalPolicy, Stack, Tags, Token } from "aws-cdk-lib/core";
import type { Construct } from "constructs";
import type { TigerBeetleClusterSpec } from "../../ir/aws-requirements.ts";
import type { Environment } from "../../ir/deploy-config.ts";
import { tagCluster } from "../../ir/tigerbeetle-node.ts";
import { ClusterParameters } from "./cluster-parameters.ts";
import { acknowledgeTigerBeetleFindings } from "./nag-acknowledgements.ts";
import { ReplicaNode } from "./replica-node.ts";
import { validateClusterSpec } from "./validate-cluster-spec.ts";

export interface TigerBeetleStackProps extends StackProps {
  readonly spec: TigerBeetleClusterSpec;
  readonly app: string;
  readonly environment: Environment;
  /** From the Network stack; its private subnet i must have `spec.replicas[i].subnetCidr`. */
  readonly vpc: ec2.IVpc;
  /** The ECS tasks' security group: the only client allowed to reach the TigerBeetle port. */
  readonly clientSecurityGroup: ec2.ISecurityGroup;
}

export class TigerBeetleStack extends Stack {
  /** Created here, tagged with the cluster tag. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** Index = replica index. */
  readonly autoScalingGroupNames: readonly string[];

  constructor(scope: Construct, id: string, props: TigerBeetleStackProps) {
    super(scope, id, props);
    const { spec } = props;
    validateClusterSpec(spec);
    const subnets = replicaSubnets(props.vpc, spec);
    this.securityGroup = this.replicaSecurityGroup(props);
    const logGroup = new logs.LogGroup(this, "LogGroup", {
      logGroupName: spec.logGroupName,
      retention: retentionDays(spec.logRetentionDays),
      // Keep logs of real environments for investigation; dev logs go with the stack.
      removalPolicy: props.environment === "dev" ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    new ClusterParameters(this, "Parameters", spec);
    const machineImage = ec2.MachineImage.latestAmazonLinux2023({
      cpuType: spec.architecture === "arm64"
        ? ec2.AmazonLinuxCpuType.ARM_64
        : ec2.AmazonLinuxCpuType.X86_64,
    });
    const replicas = spec.replicas.map((replica, position) =>
      new ReplicaNode(this, `Replica${replica.index}`, {
        spec,
        replica,
        app: props.app,
        environment: props.environment,
        vpc: props.vpc,
        subnet: subnets[position] as ec2.ISubnet,
        securityGroup: this.securityGroup,
        machineImage,
        logGroup,
      })
    );
    this.autoScalingGroupNames = replicas.map((replica) => replica.autoScalingGroupName);
    acknowledgeTigerBeetleFindings(this, spec, replicas);
  }

  private replicaSecurityGroup(props: TigerBeetleStackProps): ec2.SecurityGroup {
    const { spec } = props;
    const securityGroup = new ec2.SecurityGroup(this, "ReplicaSecurityGroup", {
      vpc: props.vpc,
      // Outbound: AWS APIs (SSM, EC2, CloudWatch, CloudFormation), artifacts, peer replicas.
      allowAllOutbound: true,
      description: `TigerBeetle replicas of ${spec.clusterTag}`,
    });
    const port = ec2.Port.tcp(spec.port);
    // TigerBeetle has no authentication: only the app's tasks and the replicas may connect.
    securityGroup.addIngressRule(props.clientSecurityGroup, port,
      "TigerBeetle clients: the app's tasks");
    securityGroup.addIngressRule(securityGroup, port, "TigerBeetle replication between replicas");
    Tags.of(securityGroup).add(tagCluster, spec.clusterTag);
    return securityGroup;
  }
}

/**
 * The private subnet of each replica, checked against the plan: replica i lives in private
 * subnet `availabilityZoneIndex`, whose CIDR must be `subnetCidr` (the fixed IP was chosen in it).
 */
function replicaSubnets(vpc: ec2.IVpc, spec: TigerBeetleClusterSpec): ec2.ISubnet[] {
  const privateSubnets = vpc.privateSubnets;
  return spec.replicas.map((replica) => {
    const subnet = privateSubnets[replica.availabilityZoneIndex];
    if (subnet === undefined) {
      throw new Error(
        `TigerBeetle replica ${replica.index}: the VPC has ${privateSubnets.length} private ` +
          `subnets, but the plan places the replica in private subnet ` +
          `${replica.availabilityZoneIndex}`,
      );
    }
    const cidr = subnet.ipv4CidrBlock;
    if (Token.isUnresolved(cidr) || cidr !== replica.subnetCidr) {
      throw new Error(
        `TigerBeetle replica ${replica.index}: private subnet ${replica.availabilityZoneIndex} ` +
          `has CIDR ${Token.isUnresolved(cidr) ? "(unknown at synth)" : cidr}, but the plan ` +
          `expects ${replica.subnetCidr} (its fixed address ${replica.privateIp} must lie in it)`,
      );
    }
    return subnet;
  });
}

/** CloudWatch Logs accepts only specific retention values; the plan must pick one of them. */
function retentionDays(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter((value) => typeof value === "number");
  if (!allowed.includes(days)) {
    throw new Error(
      `TigerBeetle stack: logRetentionDays must be one of ${allowed.join(", ")}, ` +
        `but ${days} was provided`,
    );
  }
  return days as logs.RetentionDays;
}
