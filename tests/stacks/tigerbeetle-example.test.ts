/**
 * The TigerBeetle stack as `plan` + `buildStacks` build it for the embedded example: the plan's
 * replica placement survives into the templates (each fixed IP in the planned subnet, the
 * volume in that subnet's zone) and the nodes' agents get the plan's names.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { ssmNames } from "../../ir/tigerbeetle-node.ts";
import { resolveImport, resourceOf, synthesizeExample,
  type SynthesizedApp } from "./whole-app-fixture.ts";

process.env.AWS_EC2_METADATA_DISABLED = "true";

type Json = Record<string, any>;
let example: SynthesizedApp;
let resources: [string, Json][];

beforeAll(() => {
  example = synthesizeExample();
  resources = Object.entries(example.templates["TigerBeetle"]!.toJSON().Resources as Json);
});

function ofType(type: string): [string, Json][] {
  return resources.filter(([, resource]) => resource.Type === type);
}

function replicaTag(resource: Json): number {
  return Number((resource.Properties.Tags as Json[])
    .find((tag) => tag.Key === "dazzle:tigerbeetle-replica")?.Value);
}

describe("TigerBeetle stack of the example (through plan and buildStacks)", () => {
  test("each fixed IP sits in the planned subnet, and its volume in that subnet's zone", () => {
    const spec = example.plan.aws.tigerbeetle!;
    const network = example.templates["Network"]!;
    const volumes = new Map(ofType("AWS::EC2::Volume")
      .map(([, volume]) => [replicaTag(volume), volume.Properties.AvailabilityZone]));
    const interfaces = ofType("AWS::EC2::NetworkInterface").map(([, resource]) => resource)
      .sort((a, b) => replicaTag(a) - replicaTag(b));
    expect(interfaces).toHaveLength(spec.replicaCount);
    interfaces.forEach((networkInterface, index) => {
      const replica = spec.replicas[index]!;
      const subnet = resourceOf(network,
        resolveImport(network, networkInterface.Properties.SubnetId)) as Json;
      expect(networkInterface.Properties.PrivateIpAddress).toBe(replica.privateIp);
      expect(subnet.Properties.CidrBlock).toBe(replica.subnetCidr);
      expect(volumes.get(index)).toBe(subnet.Properties.AvailabilityZone);
    });
    expect(new Set(volumes.values()).size).toBe(
      Math.min(spec.replicaCount, example.plan.aws.network.availabilityZones.length),
    );
  });

  test("SSM parameters carry the plan's cluster id and ordered addresses", () => {
    const spec = example.plan.aws.tigerbeetle!;
    const values = Object.fromEntries(ofType("AWS::SSM::Parameter")
      .map(([, parameter]) => [parameter.Properties.Name, parameter.Properties.Value]));
    expect(values[ssmNames.clusterId(spec.ssmPrefix)]).toBe(spec.clusterId);
    expect(values[ssmNames.addresses(spec.ssmPrefix)]).toBe(spec.addresses);
    expect(spec.clusterId).not.toBe("0");
  });

  test("each node's agent runs with the plan's app, environment, region and prefix", () => {
    const { aws } = example.plan;
    for (const [, launchTemplate] of ofType("AWS::EC2::LaunchTemplate")) {
      const script = launchTemplate.Properties.LaunchTemplateData.UserData["Fn::Base64"];
      expect(typeof script).toBe("string");
      const line = (script as string).split("\n").find((text) => text.startsWith("ExecStart="))!;
      const words = line.split(" ");
      const flag = (name: string) => words[words.indexOf(`--${name}`) + 1];
      expect([flag("app"), flag("environment"), flag("region"), flag("ssm-prefix"),
        flag("signal-stack")]).toEqual([aws.app, aws.environment, aws.region,
          aws.tigerbeetle!.ssmPrefix, `${aws.app}-${aws.environment}-TigerBeetle`]);
    }
  });
});

describe("TigerBeetle nodes of the example read their pinned binaries from its S3 mirror", () => {
  test("each replica role may s3:GetObject below s3://wallet-releases/mirror, nothing else", () => {
    const policies = ofType("AWS::IAM::Policy");
    const ownPolicies = policies.filter(([id]) => /^Replica\dInstanceRolePolicy/.test(id));
    expect(ownPolicies).toHaveLength(example.plan.aws.tigerbeetle!.replicaCount);
    for (const [id, policy] of policies) {
      const s3 = (policy.Properties.PolicyDocument.Statement as Json[])
        .filter((statement) => [statement.Action].flat().some((a: string) => a.startsWith("s3:")));
      if (!ownPolicies.some(([own]) => own === id)) expect(s3).toEqual([]);
    }
    for (const [, policy] of ownPolicies) {
      const s3 = (policy.Properties.PolicyDocument.Statement as Json[])
        .filter((statement) => [statement.Action].flat().some((a: string) => a.startsWith("s3:")));
      expect(s3).toHaveLength(1);
      expect(s3[0]!.Action).toBe("s3:GetObject");
      expect(JSON.stringify(s3[0]!.Resource)).toMatch(/:s3:::wallet-releases\/mirror\/\*"/);
    }
  });
});
