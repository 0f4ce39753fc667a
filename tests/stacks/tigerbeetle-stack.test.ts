/**
 * The TigerBeetle stack, synthesized once for 3 and once for 6 replicas in a test App with a
 * real VPC: the properties an operator relies on (data survives, replicas spread over zones,
 * nothing but the app reaches the port, least-privilege role, agent wiring), plus cfn-lint and
 * cdk-nag on the template.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import * as iam from "aws-cdk-lib/aws-iam";
import { App, Stack } from "aws-cdk-lib/core";
import { AwsSolutionsChecks } from "cdk-nag";
import { ssmNames } from "../../ir/tigerbeetle-node.ts";
import { toolPaths } from "../../scripts/tools.ts";
import { allows, parameterArn, statementsOfRole } from "../../testing/iam-policy.ts";
import { clusterSpec, tigerBeetleFixture } from "./tigerbeetle-fixture.ts";

process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.CDK_VALIDATION = "false";

type Json = Record<string, any>;
const spec3 = clusterSpec(3);
const spec6 = clusterSpec(6);
let three: ReturnType<typeof tigerBeetleFixture>;
let template3: Template;
let json3: Json;
let network3: Json;
let json6: Json;
let network6: Json;

beforeAll(() => {
  three = tigerBeetleFixture(spec3);
  template3 = Template.fromStack(three.stack);
  json3 = template3.toJSON();
  network3 = Template.fromStack(three.network).toJSON();
  const six = tigerBeetleFixture(spec6);
  json6 = Template.fromStack(six.stack).toJSON();
  network6 = Template.fromStack(six.network).toJSON();
});

function resourcesOfType(template: Json, type: string): [string, Json][] {
  return Object.entries(template.Resources as Json).filter(([, value]) => value.Type === type);
}

/** The AZ of the subnet behind `Fn::ImportValue` of a Network stack export. */
function importedSubnetZone(network: Json, reference: Json): string {
  const exportName = reference["Fn::ImportValue"];
  const output = Object.values(network.Outputs as Json)
    .find((candidate: Json) => candidate.Export?.Name === exportName) as Json;
  const subnetId = output.Value.Ref as string;
  return network.Resources[subnetId].Properties.AvailabilityZone;
}

/** Per replica (ordered by Name tag index): volume AZ, ASG subnet AZ, ENI subnet AZ, ENI IP. */
function placement(template: Json, network: Json) {
  const tagValue = (resource: Json, key: string) =>
    (resource.Properties.Tags as Json[]).find((tag) => tag.Key === key)?.Value;
  const byReplica = <T>(type: string, read: (resource: Json) => T) =>
    resourcesOfType(template, type)
      .map(([, resource]) =>
        [Number(tagValue(resource, "dazzle:tigerbeetle-replica")), read(resource)] as const
      )
      .sort(([a], [b]) => a - b)
      .map(([, value]) => value);
  return {
    volumeZones: byReplica("AWS::EC2::Volume", (volume) => volume.Properties.AvailabilityZone),
    groupZones: byReplica("AWS::AutoScaling::AutoScalingGroup",
      (group) =>
        group.Properties.VPCZoneIdentifier.map((subnet: Json) =>
          importedSubnetZone(network, subnet)
        )),
    interfaceZones: byReplica("AWS::EC2::NetworkInterface",
      (networkInterface) => importedSubnetZone(network, networkInterface.Properties.SubnetId)),
    interfaceIps: byReplica("AWS::EC2::NetworkInterface",
      (networkInterface) => networkInterface.Properties.PrivateIpAddress),
  };
}

describe("TigerBeetle stack: data and identity", () => {
  test("each replica's data volume: retained, encrypted gp3, planned size/IOPS/throughput", () => {
    const volumes = resourcesOfType(json3, "AWS::EC2::Volume");
    expect(volumes).toHaveLength(3);
    for (const [, volume] of volumes) {
      expect(volume.DeletionPolicy).toBe("Retain");
      expect(volume.UpdateReplacePolicy).toBe("Retain");
      expect(volume.Properties).toMatchObject({
        Encrypted: true,
        VolumeType: "gp3",
        Size: 200,
        Iops: 12000,
        Throughput: 500,
      });
    }
  });

  test("3 replicas: one group, volume and interface each, in three different zones", () => {
    const { volumeZones, groupZones, interfaceZones, interfaceIps } = placement(json3, network3);
    expect(resourcesOfType(json3, "AWS::AutoScaling::AutoScalingGroup")).toHaveLength(3);
    expect(new Set(volumeZones).size).toBe(3);
    expect(groupZones).toEqual(volumeZones.map((zone) => [zone]));
    expect(interfaceZones).toEqual(volumeZones);
    expect(interfaceIps).toEqual(spec3.replicas.map((replica) => replica.privateIp));
  });

  test("6 replicas: two per zone over three zones, each volume in its instance's zone", () => {
    const { volumeZones, groupZones, interfaceZones, interfaceIps } = placement(json6, network6);
    expect(resourcesOfType(json6, "AWS::EC2::Volume")).toHaveLength(6);
    expect(resourcesOfType(json6, "AWS::AutoScaling::AutoScalingGroup")).toHaveLength(6);
    const perZone = new Map<string, number>();
    for (const zone of volumeZones) perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
    expect([...perZone.values()]).toEqual([2, 2, 2]);
    expect(groupZones).toEqual(volumeZones.map((zone) => [zone]));
    expect(interfaceZones).toEqual(volumeZones);
    expect(interfaceIps).toEqual(spec6.replicas.map((replica) => replica.privateIp));
  });

  test("SSM parameters carry the cluster id, replica count, ordered addresses and version", () => {
    const parameters = Object.fromEntries(resourcesOfType(json3, "AWS::SSM::Parameter")
      .map(([, parameter]) => [parameter.Properties.Name, parameter.Properties.Value]));
    expect(parameters).toEqual({
      "/shop/prod/tigerbeetle/cluster_id": spec3.clusterId,
      "/shop/prod/tigerbeetle/replica_count": "3",
      "/shop/prod/tigerbeetle/addresses": "10.20.7.200:3000,10.20.11.201:3000,10.20.15.202:3000",
      "/shop/prod/tigerbeetle/version": "0.16.60",
    });
  });

  test("log group has the planned name and retention", () => {
    template3.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: "/shop/prod/tigerbeetle",
      RetentionInDays: 30,
    });
  });
});

describe("TigerBeetle stack: network exposure", () => {
  test("the port is open only to the app's tasks and to the replicas, nothing public", () => {
    const ingress = resourcesOfType(json3, "AWS::EC2::SecurityGroupIngress")
      .map(([, rule]) => rule.Properties);
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule).toMatchObject({ IpProtocol: "tcp", FromPort: 3000, ToPort: 3000 });
      expect(rule.CidrIp).toBeUndefined();
      expect(rule.CidrIpv6).toBeUndefined();
    }
    const sources = ingress.map((rule) => JSON.stringify(rule.SourceSecurityGroupId)).sort();
    const [groupId] = resourcesOfType(json3, "AWS::EC2::SecurityGroup").map(([id]) => id);
    expect(sources).toContain(JSON.stringify({ "Fn::GetAtt": [groupId, "GroupId"] }));
    expect(sources.some((source) => source.includes("TaskSecurityGroup"))).toBe(true);
    for (const [, group] of resourcesOfType(json3, "AWS::EC2::SecurityGroup")) {
      expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    }
  });

  test("instances require IMDSv2 (hop limit 1) and boot from an encrypted root volume", () => {
    const templates = resourcesOfType(json3, "AWS::EC2::LaunchTemplate");
    expect(templates).toHaveLength(3);
    for (const [, launchTemplate] of templates) {
      const data = launchTemplate.Properties.LaunchTemplateData;
      expect(data.MetadataOptions).toEqual({ HttpTokens: "required", HttpPutResponseHopLimit: 1 });
      expect(data.BlockDeviceMappings[0].Ebs.Encrypted).toBe(true);
      expect(data.NetworkInterfaces).toBeUndefined();
    }
  });

  test("groups hold exactly one instance, emit group metrics and wait for one signal", () => {
    for (const [, group] of resourcesOfType(json3, "AWS::AutoScaling::AutoScalingGroup")) {
      expect(group.Properties).toMatchObject({ MinSize: "1", MaxSize: "1", DesiredCapacity: "1" });
      expect(group.Properties.MetricsCollection).toEqual([{ Granularity: "1Minute" }]);
      expect(group.CreationPolicy.ResourceSignal.Count).toBe(1);
    }
  });
});

describe("TigerBeetle stack: instance role", () => {
  test("an https artifact source gets no S3 permission at all", () => {
    for (const [, policy] of resourcesOfType(json3, "AWS::IAM::Policy")) {
      const actions = (policy.Properties.PolicyDocument.Statement as Json[])
        .flatMap((statement) => [statement.Action].flat() as string[]);
      expect(actions.filter((action) => action.startsWith("s3:"))).toEqual([]);
    }
  });

  const describeAndMetrics = new Set(["ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeTags", "ec2:DescribeVolumes", "cloudwatch:PutMetricData",
    "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]);

  test("no wildcard actions; `*` resources only for describe calls and namespaced metrics", () => {
    for (const [, policy] of resourcesOfType(json3, "AWS::IAM::Policy")) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Json[]) {
        const actions = [statement.Action].flat() as string[];
        expect(actions.filter((action) => action.includes("*"))).toEqual([]);
        if ([statement.Resource].flat().includes("*")) {
          expect(actions.filter((action) => !describeAndMetrics.has(action))).toEqual([]);
        }
        if (actions.includes("cloudwatch:PutMetricData")) {
          expect(statement.Condition).toEqual({
            StringEquals: { "cloudwatch:namespace": "Dazzle/shop" },
          });
        }
      }
    }
  });

  test("no AmazonSSMManagedInstanceCore: its ssm:GetParameter(s) on * reads every secret", () => {
    for (const [, role] of resourcesOfType(json3, "AWS::IAM::Role")) {
      expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toContain("SSM");
    }
    for (const [, policy] of resourcesOfType(json3, "AWS::IAM::Policy")) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Json[]) {
        const actions = [statement.Action].flat() as string[];
        if (actions.some((action) => action.startsWith("ssm:Get"))) {
          expect(JSON.stringify(statement.Resource)).toContain("parameter/shop/prod/tigerbeetle");
          expect([statement.Resource].flat()).not.toContain("*");
        }
      }
    }
  });

  test("replica i writes only its own nodes/i/* registrations and its own formatted/i marker",
    () => {
      for (let replica = 0; replica < 3; replica += 1) {
        const [, policy] = resourcesOfType(json3, "AWS::IAM::Policy")
          .find(([id]) => id.startsWith(`Replica${replica}InstanceRolePolicy`))!;
        const writes = (policy.Properties.PolicyDocument.Statement as Json[])
          .filter((statement) =>
            [statement.Action].flat().some((action: string) =>
              ["ssm:PutParameter", "ssm:DeleteParameter"].includes(action)
            )
          )
          .flatMap((statement) =>
            [statement.Resource].flat().map((resource) =>
              `${[statement.Action].flat().sort().join("+")} ${
                JSON.stringify(resource)
                  .replace(/.*:parameter/, "").replace(/"\]\]}$/, "")
              }`
            )
          );
        expect(writes.sort()).toEqual([
          `ssm:DeleteParameter+ssm:PutParameter /shop/prod/tigerbeetle/nodes/${replica}/*`,
          `ssm:PutParameter /shop/prod/tigerbeetle/formatted/${replica}`,
        ]);
      }
    });

  test("every replica's role, all its policies evaluated: it may register and deregister under " +
    "its own nodes/i/ only, never another replica's, a nodes/{instance-id} entry or a setting",
    () => {
      const context = { partition: "aws", region: "eu-west-1", account: "111111111111" };
      const prefix = spec3.ssmPrefix;
      const instanceId = "i-0123456789abcdef0";
      const roles = resourcesOfType(json3, "AWS::IAM::Role").map(([id]) => id);
      expect(roles).toHaveLength(3);
      for (let replica = 0; replica < 3; replica += 1) {
        const role = roles.find((id) => id.startsWith(`Replica${replica}InstanceRole`))!;
        const statements = statementsOfRole(json3, role);
        const may = (action: string, name: string) =>
          allows(statements, action, parameterArn(name, context), context);
        for (const action of ["ssm:PutParameter", "ssm:DeleteParameter"]) {
          expect(may(action, ssmNames.node(prefix, replica, instanceId))).toBe(true);
          const others = [0, 1, 2].filter((other) => other !== replica);
          const forbidden = [
            ...others.map((other) => ssmNames.node(prefix, other, instanceId)),
            ...others.map((other) => ssmNames.formatted(prefix, other)),
            ssmNames.legacyNode(prefix, instanceId),
            ssmNames.nodesPath(prefix),
            ssmNames.replicaNodesPath(prefix, replica),
            ssmNames.addresses(prefix),
            ssmNames.clusterId(prefix),
            ssmNames.replicaCount(prefix),
            ssmNames.version(prefix),
          ];
          expect(forbidden.filter((name) => may(action, name))).toEqual([]);
        }
        // The marker is written once (a conditional put) and never deleted.
        expect(may("ssm:PutParameter", ssmNames.formatted(prefix, replica))).toBe(true);
        expect(may("ssm:DeleteParameter", ssmNames.formatted(prefix, replica))).toBe(false);
      }
    });

  test("each replica attaches only its own volume and interface, tag-conditioned", () => {
    const volumes = resourcesOfType(json3, "AWS::EC2::Volume").map(([id]) => id);
    const interfaces = resourcesOfType(json3, "AWS::EC2::NetworkInterface").map(([id]) => id);
    for (let replica = 0; replica < 3; replica += 1) {
      const policies = resourcesOfType(json3, "AWS::IAM::Policy")
        .filter(([id]) => id.startsWith(`Replica${replica}InstanceRolePolicy`));
      expect(policies).toHaveLength(1);
      const statements = policies[0]![1].Properties.PolicyDocument.Statement as Json[];
      for (const [action, own] of [["ec2:AttachVolume", volumes[replica]], [
        "ec2:AttachNetworkInterface",
        interfaces[replica],
      ]] as const) {
        const statement = statements.find((candidate) => candidate.Action === action) as Json;
        const text = JSON.stringify(statement.Resource);
        expect(text).toContain(`{"Ref":"${own}"}`);
        expect(text.match(/"Ref":"Replica\d(DataVolume|NetworkInterface)/g)).toHaveLength(1);
        expect(statement.Condition.StringEquals).toEqual({
          "aws:ResourceTag/dazzle:tigerbeetle-cluster": "shop-prod",
          "aws:ResourceTag/dazzle:tigerbeetle-replica": String(replica),
        });
      }
      const ssm = statements.find((candidate) =>
        [candidate.Action].flat().includes("ssm:GetParameter")
      ) as Json;
      expect(JSON.stringify(ssm.Resource))
        .toMatch(/:ssm:eu-west-1:111111111111:parameter\/shop\/prod\/tigerbeetle\/\*"/);
    }
  });
});

describe("TigerBeetle stack: checkers", () => {
  test("cfn-lint reports no errors", () => {
    const cfnLint = toolPaths.cfnLint();
    expect(existsSync(cfnLint)).toBe(true);
    const folder = mkdtempSync(join(tmpdir(), "dazzle-tb-lint-"));
    const files = [["three.json", json3], ["six.json", json6]].map(([name, template]) => {
      const file = join(folder, name as string);
      writeFileSync(file, JSON.stringify(template));
      return file;
    });
    const result = spawnSync(cfnLint, ["--format", "parseable", ...files], { encoding: "utf8" });
    const errors = result.stdout.split("\n").filter((line) => /:E\d+:/.test(line));
    expect(errors).toEqual([]);
  }, 60_000);

  test("cdk-nag AwsSolutions finds no unacknowledged errors", () => {
    const errorsIn = (scope: Stack) =>
      new AwsSolutionsChecks().validateScope(scope).violations
        .filter((violation) => violation.severity === "error")
        .map((violation) => violation.ruleName);
    expect(errorsIn(three.stack)).toEqual([]);
    // The checker is live: the same role without our acknowledgements is flagged.
    const control = new Stack(new App(), "Control");
    new iam.Role(control, "Role", {
      assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com"),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")],
    });
    expect(errorsIn(control).some((rule) => rule.startsWith("AwsSolutions-IAM4"))).toBe(true);
  }, 60_000);
});
