/**
 * The AWS clients of the operator commands (`deploy artifacts`, `tigerbeetle status`, the
 * preflight bootstrap check), configured from the command's environment as the AWS CLI would
 * be: `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL` for the endpoint, keys from
 * `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, else the SDK's default
 * chain (profiles, SSO, web identity, container and instance roles). Read from the command's
 * environment, not the process's, so a command run in-process with its own environment never
 * borrows credentials it was not given. The agent's clients live in platform/.
 */
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EC2Client } from "@aws-sdk/client-ec2";
import { S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";

/** A few attempts with the SDK's backoff: an operator waits, a throttled call recovers. */
const maxAttempts = 4;

export interface OperatorClientOptions {
  readonly region: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Whether `env` is this process's own environment (the CLI's case): only then may the SDK's
   * default chain, which reads the process environment and ~/.aws, look for credentials.
   */
  readonly envIsProcessEnv: boolean;
}

/** The error the SDK throws when no credentials resolve; callers match on its name. */
class NoCredentialsError extends Error {
  override readonly name = "CredentialsProviderError";
}

function credentialsFor(options: OperatorClientOptions): AwsCredentialIdentityProvider {
  const { env } = options;
  const accessKeyId = env["AWS_ACCESS_KEY_ID"];
  const secretAccessKey = env["AWS_SECRET_ACCESS_KEY"];
  if (accessKeyId && secretAccessKey) {
    const identity: AwsCredentialIdentity = { accessKeyId, secretAccessKey,
      ...(env["AWS_SESSION_TOKEN"] ? { sessionToken: env["AWS_SESSION_TOKEN"] } : {}) };
    return async () => identity;
  }
  if (options.envIsProcessEnv) return defaultProvider();
  return async () => {
    throw new NoCredentialsError("no AWS credentials in this command's environment");
  };
}

function common(options: OperatorClientOptions, service: string) {
  const endpoint = options.env[`AWS_ENDPOINT_URL_${service}`] ?? options.env["AWS_ENDPOINT_URL"];
  return { region: options.region, maxAttempts, credentials: credentialsFor(options),
    ...(endpoint ? { endpoint } : {}) };
}

export function s3Client(options: OperatorClientOptions): S3Client {
  const config = common(options, "S3");
  // A custom endpoint (moto, MinIO, a VPC endpoint by IP) rarely resolves bucket subdomains.
  return new S3Client({ ...config, forcePathStyle: "endpoint" in config });
}

export function ssmClient(options: OperatorClientOptions): SSMClient {
  return new SSMClient(common(options, "SSM"));
}

export function ec2Client(options: OperatorClientOptions): EC2Client {
  return new EC2Client(common(options, "EC2"));
}

export function autoScalingClient(options: OperatorClientOptions): AutoScalingClient {
  return new AutoScalingClient(common(options, "AUTO_SCALING"));
}

export function cloudFormationClient(options: OperatorClientOptions): CloudFormationClient {
  return new CloudFormationClient(common(options, "CLOUDFORMATION"));
}

export function cloudWatchClient(options: OperatorClientOptions): CloudWatchClient {
  return new CloudWatchClient(common(options, "CLOUDWATCH"));
}

/** A short description of an SDK error for a user-facing message. */
export function awsErrorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return `${error.name}${status ? ` (HTTP ${status})` : ""}: ${error.message}`;
}
