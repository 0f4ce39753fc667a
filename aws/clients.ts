/**
 * The AWS clients of the operator commands (`deploy artifacts`, `tigerbeetle status`, the
 * preflight bootstrap check), as the AWS CLI would configure them: region from the project,
 * credentials, endpoints (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`) and profiles from
 * the standard AWS settings, which the SDK reads itself. The agent's clients live in platform/
 * (they run on a node, with other timeouts).
 */
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EC2Client } from "@aws-sdk/client-ec2";
import { S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";

/** A few attempts with the SDK's backoff: an operator waits, a throttled call recovers. */
const maxAttempts = 4;

export interface OperatorClientOptions {
  readonly region: string;
  /** The command's environment: only endpoint settings are read here (path-style S3). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function s3Client(options: OperatorClientOptions): S3Client {
  // A custom endpoint (moto, MinIO, a VPC endpoint by IP) rarely resolves bucket subdomains.
  const customEndpoint = Boolean(options.env["AWS_ENDPOINT_URL_S3"] ??
    options.env["AWS_ENDPOINT_URL"]);
  return new S3Client({ region: options.region, maxAttempts, forcePathStyle: customEndpoint });
}

export function ssmClient(options: OperatorClientOptions): SSMClient {
  return new SSMClient({ region: options.region, maxAttempts });
}

export function ec2Client(options: OperatorClientOptions): EC2Client {
  return new EC2Client({ region: options.region, maxAttempts });
}

export function autoScalingClient(options: OperatorClientOptions): AutoScalingClient {
  return new AutoScalingClient({ region: options.region, maxAttempts });
}

export function cloudWatchClient(options: OperatorClientOptions): CloudWatchClient {
  return new CloudWatchClient({ region: options.region, maxAttempts });
}

/** A short description of an SDK error for a user-facing message. */
export function awsErrorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return `${error.name}${status ? ` (HTTP ${status})` : ""}: ${error.message}`;
}
