import { describe, expect, test } from "bun:test";
import { Match } from "aws-cdk-lib/assertions";
import { App } from "aws-cdk-lib/core";
import { planDeployment } from "../../plan/index.ts";
import { NetworkStack } from "../../stacks/network/network-stack.ts";
import { configFor, emptyAppSpec } from "../../testing/plan-fixtures.ts";
import { logicalIds, synthesizeExample } from "./whole-app-fixture.ts";

const { templates, plan } = synthesizeExample();
const network = templates["Network"]!;
const resources = network.toJSON()["Resources"] as Record<string,
  { Type: string; Properties: Record<string, unknown> }>;

describe("Network stack of the example", () => {
  test("one VPC with the planned CIDR", () => {
    network.resourceCountIs("AWS::EC2::VPC", 1);
    network.hasResourceProperties("AWS::EC2::VPC", { CidrBlock: "10.0.0.0/16" });
  });

  test("subnets are exactly the planned ones, each in its planned AZ", () => {
    const subnets = Object.values(resources).filter((r) => r.Type === "AWS::EC2::Subnet")
      .map((r) => `${r.Properties["CidrBlock"]}@${r.Properties["AvailabilityZone"]}`).sort();
    const tiers = plan.aws.network.subnets;
    const zones = plan.aws.network.availabilityZones;
    const planned = [tiers.public, tiers.private, tiers.isolated]
      .flatMap((tier) => tier.cidrs.map((cidr, index) => `${cidr}@${zones[index]}`)).sort();
    expect(subnets).toEqual(planned);
  });

  test("one NAT gateway (staging default) and public subnets do not hand out public IPs", () => {
    network.resourceCountIs("AWS::EC2::NatGateway", 1);
    for (const resource of Object.values(resources)) {
      if (resource.Type === "AWS::EC2::Subnet") {
        expect(resource.Properties["MapPublicIpOnLaunch"]).toBe(false);
      }
    }
  });

  test("all VPC traffic is logged to CloudWatch Logs, kept 30 days", () => {
    network.hasResourceProperties("AWS::EC2::FlowLog", { LogDestinationType: "cloud-watch-logs",
      TrafficType: "ALL", ResourceType: "VPC" });
    network.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
  });

  test("only the load balancer accepts traffic from the internet, on port 80 only", () => {
    const openToWorld: string[] = [];
    for (const [id, resource] of Object.entries(resources)) {
      const ingress = resource.Type === "AWS::EC2::SecurityGroup"
        ? (resource.Properties["SecurityGroupIngress"] as
          | { CidrIp?: string; FromPort: number }[]
          | undefined) ?? []
        : resource.Type === "AWS::EC2::SecurityGroupIngress" ?
        [resource.Properties as {
          CidrIp?: string;
          FromPort: number;
        }] :
        [];
      for (const rule of ingress) {
        if (rule.CidrIp === "0.0.0.0/0") openToWorld.push(`${id}:${rule.FromPort}`);
      }
    }
    expect(openToWorld).toEqual([`${
      logicalIds(network, "AWS::EC2::SecurityGroup")
        .find((id) => id.startsWith("LoadBalancer"))
    }:80`]);
  });

  test("the database group admits PostgreSQL from the app tasks' group only", () => {
    const [appGroup] = logicalIds(network, "AWS::EC2::SecurityGroup")
      .filter((id) => id.startsWith("AppSecurityGroup"));
    const [databaseGroup] = logicalIds(network, "AWS::EC2::SecurityGroup")
      .filter((id) => id.startsWith("DatabaseSecurityGroup"));
    const rules = Object.values(network.findResources("AWS::EC2::SecurityGroupIngress", {
      Properties: { GroupId: Match.objectLike({ "Fn::GetAtt": [databaseGroup, "GroupId"] }) },
    })).map((rule) => rule["Properties"]);
    expect(rules).toEqual([
      expect.objectContaining({ FromPort: 5432, ToPort: 5432, IpProtocol: "tcp",
        SourceSecurityGroupId: { "Fn::GetAtt": [appGroup, "GroupId"] } }),
    ]);
  });
});

describe("the VPC allocates subnets exactly where the plan put them", () => {
  const layouts: [string, number][] = [["10.0.0.0/16", 2], ["10.0.0.0/16", 3], ["172.16.0.0/18", 3],
    ["192.168.0.0/20", 2], ["10.20.0.0/20", 3]];
  for (const [vpcCidr, zones] of layouts) {
    test(`${vpcCidr} over ${zones} AZs`, () => {
      const config = configFor("prod",
        (c) => ({ ...c,
          network: { ...c.network, vpcCidr, availabilityZoneCount: zones, natGateways: 1 } }));
      const planned = planDeployment(emptyAppSpec, config, { projectName: "net",
        dazzleVersion: "0.1.0" });
      expect(planned.diagnostics).toEqual([]);
      const stack = new NetworkStack(new App(), "Network", { spec: planned.aws.network,
        containerPort: 8000, https: false, env: { region: config.region } });
      expect(stack.vpc.privateSubnets.map((subnet) => subnet.ipv4CidrBlock))
        .toEqual([...planned.aws.network.subnets.private.cidrs]);
      expect(stack.vpc.isolatedSubnets.map((subnet) => subnet.ipv4CidrBlock))
        .toEqual([...planned.aws.network.subnets.isolated.cidrs]);
    });
  }
});
