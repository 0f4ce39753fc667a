/**
 * A private bucket that receives access logs (ALB or S3 server access logs). SSE-S3, because
 * log delivery supports no KMS key; versioned and TLS-only like every bucket; old logs expire.
 */
import * as s3 from "aws-cdk-lib/aws-s3";
import { Duration, type RemovalPolicy } from "aws-cdk-lib/core";
import type { Construct } from "constructs";
import { acknowledgeNag } from "./nag.ts";

export interface AccessLogBucketProps {
  /** Days a log object is kept. */
  readonly retentionDays: number;
  /** Days an overwritten or deleted log version is kept. */
  readonly noncurrentVersionRetentionDays: number;
  readonly removalPolicy: RemovalPolicy;
  /** What writes into it, for the cdk-nag acknowledgement (e.g. "the load balancer"). */
  readonly source: string;
}

export function createAccessLogBucket(
  scope: Construct,
  id: string,
  props: AccessLogBucketProps,
): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(props.retentionDays),
      noncurrentVersionExpiration: Duration.days(props.noncurrentVersionRetentionDays) }],
    removalPolicy: props.removalPolicy,
  });
  acknowledgeNag(bucket, {
    id: "AwsSolutions-S1",
    reason: `This bucket receives ${props.source}'s access logs; logging it into itself ` +
      "would loop.",
  });
  return bucket;
}
