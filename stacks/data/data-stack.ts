/**
 * Data stack: Aurora PostgreSQL in the isolated subnets (credentials generated into Secrets
 * Manager, encrypted, backed up, protected outside dev) and the S3 bucket for file fields
 * (private, TLS-only, encrypted, versioned, access-logged). Present only when needed.
 */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib/core";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import type { DatabaseSpec, ObjectStorageSpec } from "../../ir/aws-requirements.ts";
import { toRemovalPolicy } from "../removal-policy.ts";
import { createAccessLogBucket } from "../access-log-bucket.ts";
import { createDatabase, type DatabaseResources } from "./database.ts";

export interface DataStackProps extends StackProps {
  readonly app: string;
  readonly environment: string;
  readonly database?: DatabaseSpec;
  readonly objectStorage?: ObjectStorageSpec;
  readonly vpc: ec2.IVpc;
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
}

/** Names of the exports other stacks import the files bucket by. */
export interface BucketExports {
  readonly bucketArnExportName: string;
  readonly bucketNameExportName: string;
}

export class DataStack extends Stack {
  readonly database?: DatabaseResources;
  readonly bucket?: s3.Bucket;
  /**
   * The files bucket is exported under names we choose (`{app}-{env}-files-bucket-*`), not
   * CDK's generated ones: the Compute stack's grant, and its nag acknowledgement, can then
   * name the bucket's objects exactly.
   */
  readonly bucketExports?: BucketExports;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    // Server access logs are delivered through a bucket policy, so the log bucket can keep
    // ACLs disabled (BucketOwnerEnforced). Set here, not in cdk.json, so the generated app
    // and the in-process synth behave the same.
    this.node.setContext(serverAccessLogsUseBucketPolicy, true);
    if (props.database) {
      this.database = createDatabase(this, props.database, props.vpc, props.databaseSecurityGroup);
    }
    if (props.objectStorage) {
      const bucket = createFilesBucket(this, props.objectStorage);
      const prefix = `${props.app}-${props.environment}-files-bucket`;
      this.bucketExports = { bucketArnExportName: `${prefix}-arn`,
        bucketNameExportName: `${prefix}-name` };
      new CfnOutput(this, "FilesBucketArn", { value: bucket.bucketArn,
        exportName: this.bucketExports.bucketArnExportName });
      new CfnOutput(this, "FilesBucketName", { value: bucket.bucketName,
        exportName: this.bucketExports.bucketNameExportName });
      this.bucket = bucket;
    }
  }
}

const serverAccessLogsUseBucketPolicy = "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy";

/** Access logs of the files bucket are kept this long, then expire. */
const accessLogRetentionDays = 365;

function createFilesBucket(scope: Construct, spec: ObjectStorageSpec): s3.Bucket {
  const removalPolicy = toRemovalPolicy(spec.removalPolicy);
  const accessLogs = createAccessLogBucket(scope, "FilesAccessLogs", {
    retentionDays: accessLogRetentionDays,
    noncurrentVersionRetentionDays: 30,
    removalPolicy,
    source: "the files bucket",
  });
  return new s3.Bucket(scope, "Files", {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: spec.versioned,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: "files/",
    removalPolicy,
  });
}
