/**
 * The agent's AWS clients: the AWS SDK for JavaScript v3, one client per service, sharing one
 * configuration. Endpoints follow the SDK's rules (partitions such as amazonaws.com.cn, FIPS,
 * dual-stack, `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`); credentials come from the
 * SDK's default chain (environment, profiles, then the instance profile over IMDSv2 only).
 * Attempts and timeouts are bounded through the SDK's own options. Each client and command is
 * imported from its own module, never the package index (see aws-sdk-modules.d.ts).
 */
import type { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch/dist-es/CloudWatchClient.js";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2/dist-es/EC2Client.js";
import type { SSMClientConfig } from "@aws-sdk/client-ssm";
import { SSMClient } from "@aws-sdk/client-ssm/dist-es/SSMClient.js";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { awsConnectionTimeoutMs, awsMaxAttempts, awsRequestTimeoutMs, logCallTimeoutMs,
  metadataTimeoutMs } from "../agent/constants.ts";

export interface AwsClients {
  readonly ssm: SSMClient;
  readonly ec2: EC2Client;
  readonly cloudWatch: CloudWatchClient;
  /**
   * Loaded at the first call, not with the agent: it signals once per start (with
   * --signal-stack), and ships logs only with --log-group.
   */
  readonly cloudFormation: () => Promise<CloudFormationClient>;
  /** One short attempt per call: log shipping keeps unsent lines for its next flush anyway. */
  readonly logs: () => Promise<CloudWatchLogsClient>;
}

export interface AwsClientOptions {
  readonly region: string;
  /** Tests only: what sends the requests (the default is the SDK's Node handler). */
  readonly requestHandler?: SSMClientConfig["requestHandler"];
}

export function createAwsClients(options: AwsClientOptions): AwsClients {
  const credentials = defaultProvider({
    // Instance profile credentials with a session token (IMDSv2) only, bounded.
    ec2MetadataV1Disabled: true,
    timeout: metadataTimeoutMs,
    maxRetries: 2,
  });
  const handler = (requestTimeout: number) =>
    options.requestHandler ??
      new NodeHttpHandler({ connectionTimeout: awsConnectionTimeoutMs, requestTimeout });
  const common = { region: options.region, credentials, maxAttempts: awsMaxAttempts,
    requestHandler: handler(awsRequestTimeoutMs) };
  return {
    ssm: new SSMClient(common),
    ec2: new EC2Client(common),
    cloudWatch: new CloudWatchClient(common),
    cloudFormation: loadOnce(async () => {
      const { CloudFormationClient } = await import(
        "@aws-sdk/client-cloudformation/dist-es/CloudFormationClient.js"
      );
      return new CloudFormationClient(common);
    }),
    logs: loadOnce(async () => {
      const { CloudWatchLogsClient } = await import(
        "@aws-sdk/client-cloudwatch-logs/dist-es/CloudWatchLogsClient.js"
      );
      return new CloudWatchLogsClient({ ...common, maxAttempts: 1,
        requestHandler: handler(logCallTimeoutMs) });
    }),
  };
}

function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/** The AWS error code of a thrown value (ParameterNotFound, VolumeInUse, ...), or "". */
export function awsErrorName(error: unknown): string {
  return error instanceof Error ? error.name : "";
}
