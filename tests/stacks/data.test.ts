import { describe, expect, test } from "bun:test";
import { Match } from "aws-cdk-lib/assertions";
import { logicalIds, resolveImport, resourceOf, synthesizeExample } from "./whole-app-fixture.ts";

const { templates, plan } = synthesizeExample();
const data = templates["Data"]!;
const network = templates["Network"]!;

describe("Data stack of the example: Aurora PostgreSQL", () => {
  test("one encrypted cluster, backed up 7 days, protected and snapshotted on delete", () => {
    data.resourceCountIs("AWS::RDS::DBCluster", 1);
    data.hasResource("AWS::RDS::DBCluster", {
      Properties: Match.objectLike({ Engine: "aurora-postgresql", EngineVersion: "17.7",
        StorageEncrypted: true, DeletionProtection: true, BackupRetentionPeriod: 7,
        DatabaseName: "wallet" }),
      DeletionPolicy: "Snapshot",
      UpdateReplacePolicy: "Snapshot",
    });
    data.hasResourceProperties("AWS::RDS::DBInstance", { DBInstanceClass: "db.t4g.medium",
      PubliclyAccessible: false });
  });

  test("the database lives in the isolated subnets", () => {
    const [subnetGroup] = Object.values(data.findResources("AWS::RDS::DBSubnetGroup"));
    const subnetIds = (subnetGroup!["Properties"] as { SubnetIds: unknown[] }).SubnetIds;
    const cidrs = subnetIds.map((id) => resourceOf(network, resolveImport(network, id)))
      .map((subnet) => (subnet["Properties"] as { CidrBlock: string }).CidrBlock);
    expect(cidrs).toEqual([...plan.aws.network.subnets.isolated.cidrs]);
  });

  test("credentials are generated into Secrets Manager: no password in the template", () => {
    data.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: "wallet/staging/database",
      GenerateSecretString: Match.objectLike({ GenerateStringKey: "password" }),
    });
    data.hasResourceProperties("AWS::RDS::DBCluster", {
      MasterUserPassword: Match.objectLike({ "Fn::Join": Match.anyValue() }),
    });
    for (const secret of Object.values(data.findResources("AWS::SecretsManager::Secret"))) {
      expect((secret["Properties"] as Record<string, unknown>)["SecretString"]).toBeUndefined();
    }
  });
});

describe("Data stack of the example: S3", () => {
  const buckets = data.findResources("AWS::S3::Bucket");
  const files = Object.entries(buckets).find(([id]) =>
    id.startsWith("Files") &&
    !id.startsWith("FilesAccessLogs")
  )!;

  test("two buckets, both private, encrypted, versioned and retained", () => {
    expect(Object.keys(buckets).length).toBe(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket["DeletionPolicy"]).toBe("Retain");
      expect(bucket["Properties"]).toMatchObject({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true,
          IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: "Enabled" },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{
          ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" },
        }] },
      });
    }
  });

  test("the files bucket logs access to the log bucket", () => {
    const [logBucket] = logicalIds(data, "AWS::S3::Bucket").filter((id) =>
      id.startsWith("FilesAccessLogs")
    );
    expect(files[1]["Properties"]).toMatchObject({ LoggingConfiguration: {
      DestinationBucketName: { Ref: logBucket },
    } });
  });

  test("every bucket refuses requests without TLS", () => {
    for (const id of Object.keys(buckets)) {
      data.hasResourceProperties("AWS::S3::BucketPolicy", {
        Bucket: { Ref: id },
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
          Effect: "Deny",
          Action: "s3:*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        })]) },
      });
    }
  });
});
