/**
 * Checks the generator never triggers today (it is safe by construction, and dazzle.toml refuses
 * e.g. cluster_id 0 outside dev): each is fired by one targeted change of the example's real
 * synthesized templates, the regression it guards against. The unchanged example is quiet.
 */
import { describe, expect, test } from "bun:test";
import { runRules } from "../../preflight/engine.ts";
import type { CfnResource, PreflightStack } from "../../preflight/types.ts";
import { deploy, exampleToml } from "../../testing/preflight-pipeline.ts";

const example = await deploy(exampleToml);
type Mutable = Record<string, any>;

/** The SSM parameter of the cluster whose name ends with `/tigerbeetle/<leaf>`. */
function parameter(stacks: PreflightStack[], leaf: string) {
  const stack = stacks.find((s) => s.id === "TigerBeetle")!;
  const [logicalId, resource] = Object.entries(stack.template.Resources ?? {}).find(([, r]) =>
    r.Type === "AWS::SSM::Parameter" &&
    String((r.Properties as Mutable)["Name"]).endsWith(`/tigerbeetle/${leaf}`)
  )!;
  return { logicalId, resource: resource as Mutable };
}

function find(stacks: PreflightStack[], stackId: string, type: string, nth = 0) {
  const stack = stacks.find((s) => s.id === stackId)!;
  const entries = Object.entries(stack.template.Resources ?? {}) as [string, CfnResource][];
  const [logicalId, resource] = entries.filter(([, r]) => r.Type === type)[nth]!;
  return { stack: stack.template as Mutable, logicalId, resource: resource as Mutable };
}

interface Case {
  readonly rule: string;
  readonly change: string;
  /** Mutates the templates; returns the logical id the finding must name. */
  readonly mutate: (stacks: PreflightStack[]) => string;
}

const cases: Case[] = [
  { rule: "TB_PUBLIC_ACCESS", change: "inline 0.0.0.0/0 on the replica security group",
    mutate: (s) => {
      const g = find(s, "TigerBeetle", "AWS::EC2::SecurityGroup");
      g.resource.Properties.SecurityGroupIngress = [{ CidrIp: "0.0.0.0/0", IpProtocol: "tcp",
        FromPort: 3000, ToPort: 3000 }];
      return g.logicalId;
    } },
  { rule: "TB_PUBLIC_ACCESS", change: "standalone ::/0 ingress to the replica group",
    mutate: (s) => {
      const g = find(s, "TigerBeetle", "AWS::EC2::SecurityGroup");
      g.stack.Resources.OpenToWorld = { Type: "AWS::EC2::SecurityGroupIngress", Properties: {
        GroupId: { "Fn::GetAtt": [g.logicalId, "GroupId"] },
        CidrIpv6: "::/0",
        IpProtocol: "-1",
      } };
      return "OpenToWorld";
    } },
  { rule: "TB_PUBLIC_ACCESS", change: "replica subnet maps public IPs (cross-stack import)",
    mutate: (s) => {
      const eni = find(s, "TigerBeetle", "AWS::EC2::NetworkInterface");
      const exported = eni.resource.Properties.SubnetId["Fn::ImportValue"] as string;
      const network = s.find((x) => x.id === "Network")!.template as Mutable;
      const output = Object.values(network.Outputs).find((o: any) =>
        o.Export?.Name === exported
      ) as Mutable;
      network.Resources[output.Value.Ref].Properties.MapPublicIpOnLaunch = true;
      return eni.logicalId;
    } },
  { rule: "TB_PUBLIC_ACCESS", change: "launch template associates a public IP", mutate: (s) => {
    const t = find(s, "TigerBeetle", "AWS::EC2::LaunchTemplate");
    t.resource.Properties.LaunchTemplateData.NetworkInterfaces = [{ DeviceIndex: 0,
      AssociatePublicIpAddress: true }];
    return t.logicalId;
  } },
  { rule: "TB_VOLUME_NOT_RETAINED", change: "DeletionPolicy removed", mutate: (s) => {
    const v = find(s, "TigerBeetle", "AWS::EC2::Volume");
    delete v.resource.DeletionPolicy;
    return v.logicalId;
  } },
  { rule: "TB_VOLUME_UNENCRYPTED", change: "Encrypted false", mutate: (s) => {
    const v = find(s, "TigerBeetle", "AWS::EC2::Volume");
    v.resource.Properties.Encrypted = false;
    return v.logicalId;
  } },
  { rule: "TB_CLUSTER_ID_ZERO", change: "cluster_id parameter 0 in staging", mutate: (s) => {
    const p = parameter(s, "cluster_id");
    p.resource.Properties.Value = "0";
    return p.logicalId;
  } },
  { rule: "TB_VERSION_UNPINNED", change: "version parameter 'latest'", mutate: (s) => {
    const p = parameter(s, "version");
    p.resource.Properties.Value = "latest";
    return p.logicalId;
  } },
  { rule: "DB_UNENCRYPTED", change: "StorageEncrypted false", mutate: (s) => {
    const d = find(s, "Data", "AWS::RDS::DBCluster");
    d.resource.Properties.StorageEncrypted = false;
    return d.logicalId;
  } },
  { rule: "DB_NOT_RETAINED", change: "DeletionPolicy Delete on the cluster", mutate: (s) => {
    const d = find(s, "Data", "AWS::RDS::DBCluster");
    d.resource.DeletionPolicy = "Delete";
    return d.logicalId;
  } },
  { rule: "DB_PUBLIC", change: "a publicly accessible instance", mutate: (s) => {
    const d = find(s, "Data", "AWS::RDS::DBCluster");
    d.stack.Resources.PublicDb = { Type: "AWS::RDS::DBInstance", Properties: {
      PubliclyAccessible: true,
      StorageEncrypted: true,
      BackupRetentionPeriod: 7,
    }, DeletionPolicy: "Snapshot" };
    return "PublicDb";
  } },
  { rule: "S3_PUBLIC", change: "public access block removed", mutate: (s) => {
    const b = find(s, "Data", "AWS::S3::Bucket");
    delete b.resource.Properties.PublicAccessBlockConfiguration;
    return b.logicalId;
  } },
  { rule: "S3_NO_VERSIONING", change: "versioning removed", mutate: (s) => {
    const b = find(s, "Data", "AWS::S3::Bucket");
    delete b.resource.Properties.VersioningConfiguration;
    return b.logicalId;
  } },
  { rule: "SG_WORLD_OPEN_ADMIN_PORT", change: "SSH from 0.0.0.0/0 on the app group",
    mutate: (s) => {
      const g = find(s, "Network", "AWS::EC2::SecurityGroup", 1);
      g.resource.Properties.SecurityGroupIngress = [{ CidrIp: "0.0.0.0/0", IpProtocol: "tcp",
        FromPort: 22, ToPort: 22 }];
      return g.logicalId;
    } },
  { rule: "SECRET_PLAIN_ENV", change: "a [deploy.secrets] entry as a plain env value",
    mutate: (s) => {
      const t = find(s, "Compute", "AWS::ECS::TaskDefinition");
      t.resource.Properties.ContainerDefinitions[0].Environment.push({ Name: "STRIPE_API_KEY",
        Value: "sk_live_123" });
      return t.logicalId;
    } },
  { rule: "IAM_WILDCARD_ACTION", change: "s3:* in a role policy", mutate: (s) => {
    const p = find(s, "TigerBeetle", "AWS::IAM::Policy");
    p.resource.Properties.PolicyDocument.Statement.push({ Effect: "Allow", Action: "s3:*",
      Resource: "arn:aws:s3:::x" });
    return p.logicalId;
  } },
  { rule: "IAM_WILDCARD_RESOURCE", change: "ec2:AttachVolume on every volume, no condition",
    mutate: (s) => {
      const p = find(s, "TigerBeetle", "AWS::IAM::Policy");
      p.resource.Properties.PolicyDocument.Statement.push({ Effect: "Allow",
        Action: "ec2:AttachVolume", Resource: "*" });
      return p.logicalId;
    } },
  { rule: "IMDSV1_ALLOWED", change: "HttpTokens optional", mutate: (s) => {
    const t = find(s, "TigerBeetle", "AWS::EC2::LaunchTemplate");
    t.resource.Properties.LaunchTemplateData.MetadataOptions = { HttpTokens: "optional" };
    return t.logicalId;
  } },
  { rule: "IMDSV1_ALLOWED", change: "a stand-alone instance allowing IMDSv1", mutate: (s) => {
    const t = find(s, "TigerBeetle", "AWS::EC2::LaunchTemplate");
    t.stack.Resources.Bastion = { Type: "AWS::EC2::Instance", Properties: {
      InstanceType: "t3.micro",
      MetadataOptions: { HttpTokens: "optional" },
    } };
    return "Bastion";
  } },
  { rule: "SQS_NO_DLQ", change: "redrive policy removed", mutate: (s) => {
    const q = Object.entries(s.find((x) => x.id === "Messaging")!.template
      .Resources!).find(([, r]) => (r.Properties as any)?.RedrivePolicy)!;
    delete (q[1].Properties as any).RedrivePolicy;
    return q[0];
  } },
  { rule: "SQS_UNENCRYPTED", change: "SSE turned off", mutate: (s) => {
    const q = find(s, "Messaging", "AWS::SQS::Queue");
    q.resource.Properties = { ...q.resource.Properties, SqsManagedSseEnabled: false };
    delete q.resource.Properties.KmsMasterKeyId;
    return q.logicalId;
  } },
];

describe("template-level checks", () => {
  const quiet = runRules(example).map((f) => f.ruleId);
  for (const c of cases) {
    test(`${c.rule} fires when ${c.change}, and is quiet on the example`, () => {
      expect(quiet).not.toContain(c.rule);
      const stacks = structuredClone(example.stacks);
      const logicalId = c.mutate(stacks);
      const findings = runRules({ ...example, stacks }).filter((f) => f.ruleId === c.rule);
      expect(findings.map((f) => f.logicalId)).toContain(logicalId);
      if (c.rule === "TB_PUBLIC_ACCESS") {
        // The guide's "Common errors": `public access` → remove public CIDR rules.
        expect(findings[0]!.message).toStartWith("public access:");
        expect(findings[0]!.remediation).toContain("Remove public CIDR rules");
      }
    });
  }
});

describe("literal values only", () => {
  test("IOPS that is a Ref (decided at deploy time) is not judged", () => {
    const stacks = structuredClone(example.stacks);
    const volume = find(stacks, "TigerBeetle", "AWS::EC2::Volume");
    volume.resource.Properties.Iops = { Ref: "DataVolumeIops" };
    const ids = runRules({ ...example, stacks }).map((f) => f.ruleId);
    expect(ids).not.toContain("TB_LOW_IOPS");
    expect(ids).not.toContain("TB_SUBOPTIMAL_IOPS");
  });

  test("the same volume at a literal 3,000 IOPS is judged", () => {
    const stacks = structuredClone(example.stacks);
    const volume = find(stacks, "TigerBeetle", "AWS::EC2::Volume");
    volume.resource.Properties.Iops = 3000;
    const low = runRules({ ...example, stacks }).filter((f) => f.ruleId === "TB_LOW_IOPS");
    expect(low.map((f) => f.logicalId)).toEqual([volume.logicalId]);
  });
});
