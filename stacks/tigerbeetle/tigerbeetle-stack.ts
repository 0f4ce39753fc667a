/**
 * The TigerBeetle stack: one Auto Scaling group per replica index, each with a fixed network
 * interface and a retained data volume that survive instance replacement (notes/tigerbeetle.md).
 * Interface first; the body is filled in by the stacks engineer.
 */
import type { StackProps } from "aws-cdk-lib/core";
import { Stack } from "aws-cdk-lib/core";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type { Construct } from "constructs";
import type { TigerBeetleClusterSpec } from "../../ir/aws-requirements.ts";
import type { Environment } from "../../ir/deploy-config.ts";

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
    this.securityGroup = new ec2.SecurityGroup(this, "ReplicaSecurityGroup", {
      vpc: props.vpc,
      allowAllOutbound: true,
      description: `TigerBeetle replicas of ${props.app}-${props.environment}`,
    });
    this.autoScalingGroupNames = [];
  }
}
