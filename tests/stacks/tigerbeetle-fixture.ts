/**
 * A TigerBeetle stack built in a test App: a real ec2.Vpc in a Network stack, a client security
 * group, and a cluster spec constructed by hand (independent of plan/), so these tests check the
 * stack alone. Synthesize once per test file and share the template.
 */
import * as ec2 from "aws-cdk-lib/aws-ec2";
import { App, Stack } from "aws-cdk-lib/core";
import type { TigerBeetleClusterSpec } from "../../ir/aws-requirements.ts";
import { TigerBeetleStack } from "../../stacks/tigerbeetle/tigerbeetle-stack.ts";

export const fixtureEnv = { account: "111111111111", region: "eu-west-1" } as const;

export interface Fixture {
  readonly app: App;
  readonly network: Stack;
  readonly vpc: ec2.Vpc;
  readonly clientSecurityGroup: ec2.SecurityGroup;
}

export function networkFixture(): Fixture {
  const app = new App({ context: { "aws:cdk:disable-stack-trace": true } });
  const network = new Stack(app, "Network", { env: fixtureEnv, stackName: "shop-prod-Network" });
  const vpc = new ec2.Vpc(network, "Vpc", {
    ipAddresses: ec2.IpAddresses.cidr("10.20.0.0/16"),
    maxAzs: 3,
    natGateways: 1,
    subnetConfiguration: [
      { name: "Public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: "Private", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      { name: "Isolated", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
  const clientSecurityGroup = new ec2.SecurityGroup(network, "TaskSecurityGroup", { vpc });
  return { app, network, vpc, clientSecurityGroup };
}

/** A spec whose subnets match the fixture VPC's private subnets (10.20.4.0/22, .8, .12). */
export function clusterSpec(replicaCount: number,
  overrides: Partial<TigerBeetleClusterSpec> = {}): TigerBeetleClusterSpec {
  const subnetCidrs = ["10.20.4.0/22", "10.20.8.0/22", "10.20.12.0/22"];
  const replicas = Array.from({ length: replicaCount }, (_, index) => {
    const availabilityZoneIndex = index % 3;
    const privateIp = `10.20.${4 + 4 * availabilityZoneIndex + 3}.${200 + index}`;
    return {
      index,
      availabilityZoneIndex,
      subnetCidr: subnetCidrs[availabilityZoneIndex] as string,
      privateIp,
      address: `${privateIp}:3000`,
    };
  });
  return {
    clusterId: "170141183460469231731687303715884105727",
    replicaCount,
    port: 3000,
    replicas,
    addresses: replicas.map((replica) => replica.address).join(","),
    version: "0.16.60",
    dazzleVersion: "0.1.0",
    artifactBaseUrl: "https://releases.example.com/dazzle",
    instanceType: "r6i.large",
    architecture: "x86_64",
    instanceMemoryMib: 16384,
    cacheGridMib: 13_056,
    volume: { sizeGib: 200, iops: 12000, throughputMibps: 500, encrypted: true,
      removalPolicy: "retain" },
    ssmPrefix: "/shop/prod/tigerbeetle",
    logGroupName: "/shop/prod/tigerbeetle",
    logRetentionDays: 30,
    metricsNamespace: "Dazzle/shop",
    clusterTag: "shop-prod",
    ...overrides,
  };
}

export function tigerBeetleFixture(spec: TigerBeetleClusterSpec): Fixture & {
  readonly stack: TigerBeetleStack;
} {
  const fixture = networkFixture();
  const stack = new TigerBeetleStack(fixture.app, "TigerBeetle", {
    env: fixtureEnv,
    stackName: "shop-prod-TigerBeetle",
    spec,
    app: "shop",
    environment: "prod",
    vpc: fixture.vpc,
    clientSecurityGroup: fixture.clientSecurityGroup,
  });
  return { ...fixture, stack };
}
