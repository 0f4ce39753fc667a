/**
 * The Aurora PostgreSQL cluster: serverless v2 or provisioned writer, readers per plan.
 */
import { Duration } from "aws-cdk-lib/core";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as rds from "aws-cdk-lib/aws-rds";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import type { DatabaseSpec } from "../../ir/aws-requirements.ts";
import { acknowledgeNag } from "../nag.ts";
import { toRemovalPolicy } from "../removal-policy.ts";

export interface DatabaseResources {
  readonly cluster: rds.DatabaseCluster;
  /** Generated credentials (JSON: host, port, dbname, username, password). */
  readonly secret: secretsmanager.ISecret;
}

export function createDatabase(
  scope: Construct,
  spec: DatabaseSpec,
  vpc: ec2.IVpc,
  securityGroup: ec2.ISecurityGroup,
): DatabaseResources {
  const cluster = new rds.DatabaseCluster(scope, "Database", {
    engine: rds.DatabaseClusterEngine.auroraPostgres({
      version: rds.AuroraPostgresEngineVersion.of(spec.engineVersion, spec.engineMajorVersion),
    }),
    credentials: rds.Credentials.fromGeneratedSecret(spec.masterUsername, {
      secretName: spec.secretName,
    }),
    defaultDatabaseName: spec.databaseName,
    port: spec.port,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    securityGroups: [securityGroup],
    writer: writerInstance(spec),
    readers: readerInstances(spec),
    ...(spec.capacity.kind === "serverless" ?
      {
        serverlessV2MinCapacity: spec.capacity.minCapacityAcu,
        serverlessV2MaxCapacity: spec.capacity.maxCapacityAcu,
      } :
      {}),
    storageEncrypted: true,
    iamAuthentication: true,
    backup: { retention: Duration.days(spec.backupRetentionDays) },
    deletionProtection: spec.deletionProtection,
    removalPolicy: toRemovalPolicy(spec.removalPolicy),
    cloudwatchLogsExports: ["postgresql"],
    copyTagsToSnapshot: true,
  });
  acknowledgeNag(cluster, { id: "AwsSolutions-RDS11",
    reason: "PostgreSQL's standard port: the database is reachable " +
      "only from the app tasks' security group in isolated subnets, so a non-standard port " +
      "adds no protection." }, { id: "AwsSolutions-SMG4",
    reason: "Rotation needs a Lambda that reaches Secrets Manager " +
      "from the VPC; the app reads credentials at task start, so rotation is an opt-in " +
      "operator step (docs/plan.md), not a default." });
  if (!spec.deletionProtection) {
    acknowledgeNag(cluster, { id: "AwsSolutions-RDS10", reason: "Dev only: a dev database " +
      "is disposable and must go with `cdk destroy`; staging and prod have deletion " +
      "protection and a final snapshot." });
  }
  // Restoring the final snapshot needs the master password: keep its secret too. (The cluster
  // creates the secret as its child "Secret"; `cluster.secret` is only its attachment.)
  const generatedSecret = cluster.node.tryFindChild("Secret");
  if (generatedSecret instanceof secretsmanager.Secret) {
    generatedSecret.applyRemovalPolicy(toRemovalPolicy(spec.secretRemovalPolicy));
  }
  if (cluster.secret) {
    acknowledgeNag(cluster.secret, { id: "AwsSolutions-SMG4", reason: "See the database " +
      "cluster: rotation is an opt-in operator step (docs/plan.md)." });
  }
  return { cluster, secret: cluster.secret! };
}

function writerInstance(spec: DatabaseSpec): rds.IClusterInstance {
  if (spec.capacity.kind === "serverless") return rds.ClusterInstance.serverlessV2("Writer");
  return rds.ClusterInstance.provisioned("Writer", {
    instanceType: new ec2.InstanceType(spec.capacity.instanceType),
  });
}

function readerInstances(spec: DatabaseSpec): rds.IClusterInstance[] {
  const readers: rds.IClusterInstance[] = [];
  for (let index = 0; index < spec.readerCount; index++) {
    const id = `Reader${index + 1}`;
    readers.push(spec.capacity.kind === "serverless"
      ? rds.ClusterInstance.serverlessV2(id, { scaleWithWriter: true })
      : rds.ClusterInstance.provisioned(id, {
        instanceType: new ec2.InstanceType(spec.capacity.instanceType),
      }));
  }
  return readers;
}
