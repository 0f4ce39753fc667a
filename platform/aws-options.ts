/**
 * Shared settings of every AWS SDK client the agent builds: explicit region, attempt count and
 * timeouts (never the SDK defaults), and an optional endpoint (AWS_ENDPOINT_URL: emulators).
 */
import { awsConnectionTimeoutMs, awsMaxAttempts, awsRequestTimeoutMs }
  from "../agent/constants.ts";

export interface AwsOptions {
  readonly region: string;
  /** e.g. http://127.0.0.1:5000 for a local emulator; undefined → the real AWS endpoint. */
  readonly endpoint: string | undefined;
}

export function clientConfig(options: AwsOptions) {
  return {
    region: options.region,
    maxAttempts: awsMaxAttempts,
    retryMode: "standard",
    requestHandler: {
      connectionTimeout: awsConnectionTimeoutMs,
      requestTimeout: awsRequestTimeoutMs,
    },
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  } as const;
}

/** The SDK error name (`ParameterNotFound`, `VolumeInUse`, ...), or "" for other throwables. */
export function awsErrorName(error: unknown): string {
  return error instanceof Error ? error.name : "";
}
