/**
 * Network stack: the VPC (public, private-with-egress and isolated subnets in 2–3 AZs), NAT
 * gateways, flow logs, and one security group per tier (load balancer, app tasks, database).
 * All tier-to-tier rules live here so other stacks only reference these groups (no cycles).
 */
import { Stack, Token, type StackProps } from "aws-cdk-lib/core";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { NetworkSpec } from "../../ir/aws-requirements.ts";
import { acknowledgeNag } from "../nag.ts";
import { toRemovalPolicy } from "../removal-policy.ts";

export interface NetworkStackProps extends StackProps {
  readonly spec: NetworkSpec;
  /** Port the app container listens on (ALB → tasks). */
  readonly containerPort: number;
  /** Database port (tasks → database). @default 5432 */
  readonly databasePort?: number;
  /** Open 443 on the load balancer (and keep 80 for the redirect). */
  readonly https: boolean;
}

export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  readonly appSecurityGroup: ec2.SecurityGroup;
  readonly databaseSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const spec = props.spec;
    answerAvailabilityZoneLookup(this, spec.availabilityZones);
    this.vpc = new ec2.Vpc(this, "Vpc", {
      ipAddresses: ec2.IpAddresses.cidr(spec.vpcCidr),
      availabilityZones: [...spec.availabilityZones],
      natGateways: spec.natGateways,
      subnetConfiguration: [
        { name: spec.subnets.public.name, subnetType: ec2.SubnetType.PUBLIC,
          cidrMask: spec.subnets.public.cidrMask, mapPublicIpOnLaunch: false },
        { name: spec.subnets.private.name, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
          cidrMask: spec.subnets.private.cidrMask },
        { name: spec.subnets.isolated.name, subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: spec.subnets.isolated.cidrMask },
      ],
      // Restricting the default group needs a Lambda-backed custom resource (an asset); the
      // default group is never attached to anything we create.
      restrictDefaultSecurityGroup: false,
    });
    assertSubnetsMatchPlan(this.vpc, spec);
    const flowLogGroup = new logs.LogGroup(this, "FlowLogs", {
      retention: spec.flowLogRetentionDays as logs.RetentionDays,
      removalPolicy: toRemovalPolicy(spec.logRemovalPolicy),
    });
    this.vpc.addFlowLog("FlowLog", {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    const groups = createTierSecurityGroups(this, this.vpc, props);
    this.loadBalancerSecurityGroup = groups.loadBalancer;
    this.appSecurityGroup = groups.app;
    this.databaseSecurityGroup = groups.database;
  }
}

/**
 * With a concrete account, `ec2.Vpc` checks the given AZ names against the account's AZs,
 * found by a context lookup that only the cdk CLI can perform. Our synth runs in process
 * without it, so it would record an unanswered lookup in the assembly. The plan's AZ names
 * are the answer by design (dazzle.toml's `availability_zones`, or `{region}a/b/c`): give
 * them, so `deploy synth` and the generated app's `cdk synth` produce the same templates.
 */
function answerAvailabilityZoneLookup(stack: Stack, availabilityZones: readonly string[]) {
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) return;
  stack.node.setContext(`availability-zones:account=${stack.account}:region=${stack.region}`, [
    ...availabilityZones,
  ]);
}

/** The TigerBeetle replicas' fixed IPs depend on this: fail the synth if the VPC disagrees. */
function assertSubnetsMatchPlan(vpc: ec2.Vpc, spec: NetworkSpec): void {
  const tiers: readonly [string, readonly ec2.ISubnet[], readonly string[]][] = [
    ["public", vpc.publicSubnets, spec.subnets.public.cidrs],
    ["private", vpc.privateSubnets, spec.subnets.private.cidrs],
    ["isolated", vpc.isolatedSubnets, spec.subnets.isolated.cidrs],
  ];
  for (const [tier, subnets, planned] of tiers) {
    const actual = subnets.map((subnet) => subnet.ipv4CidrBlock);
    if (actual.join(",") !== planned.join(",")) {
      throw new Error(
        `internal: ${tier} subnets are ${actual.join(",")} but the plan says ${planned.join(",")}`,
      );
    }
  }
}

function createTierSecurityGroups(scope: Construct, vpc: ec2.IVpc, props: NetworkStackProps) {
  const loadBalancer = new ec2.SecurityGroup(scope, "LoadBalancerSecurityGroup", {
    vpc,
    description: "Public load balancer: HTTP(S) from the internet, to the app tasks only",
    allowAllOutbound: false,
  });
  const app = new ec2.SecurityGroup(scope, "AppSecurityGroup", {
    vpc,
    description: "App tasks: from the load balancer; out to AWS APIs, database, ledger",
    allowAllOutbound: true,
  });
  const database = new ec2.SecurityGroup(scope, "DatabaseSecurityGroup", {
    vpc,
    description: "Database: from the app tasks only",
    allowAllOutbound: false,
  });
  const containerPort = ec2.Port.tcp(props.containerPort);
  loadBalancer.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), "HTTP from the internet");
  if (props.https) {
    loadBalancer.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), "HTTPS from the internet");
  }
  loadBalancer.addEgressRule(app, containerPort, "to the app tasks");
  app.addIngressRule(loadBalancer, containerPort, "from the load balancer");
  database.addIngressRule(app, ec2.Port.tcp(props.databasePort ?? 5432), "from the app tasks");
  acknowledgeNag(loadBalancer, {
    id: "AwsSolutions-EC23",
    reason: "The load balancer is the app's public entry point: it must accept HTTP(S) from " +
      "any address. Everything behind it admits only the previous tier's security group.",
  });
  return { loadBalancer, app, database };
}
