/** Build the agent's real dependencies once, from explicit options. */
import type { Deps, Logger } from "../agent/ports.ts";
import { type AwsOptions, createAwsHttpClient } from "./aws-http.ts";
import { createStackSignalPort } from "./cloudformation.ts";
import { createMetricsPort } from "./cloudwatch.ts";
import { createCredentialsProvider } from "./credentials.ts";
import { createEc2Port } from "./ec2.ts";
import { localHostFacts } from "./host-facts.ts";
import { localFiles, localSpawn, systemClock, tcpProbe } from "./local.ts";
import { createMetadataClient, createMetadataPort } from "./metadata.ts";
import { createSsmPort } from "./ssm.ts";
import { createBlockStorage } from "./storage-block.ts";
import { createDirectoryStorage } from "./storage-directory.ts";

export interface PlatformOptions {
  readonly aws: AwsOptions;
  /** Credentials come from here (AWS_ACCESS_KEY_ID, ...) or from the instance profile. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly metadataEndpoint: string;
  /** Tests and rehearsals: volumes are folders below this directory instead of devices. */
  readonly volumeDirectory: string | undefined;
  readonly deviceWaitMs: number;
  readonly log: Logger;
  readonly shutdownRequested: () => boolean;
}

export function createPlatformDeps(options: PlatformOptions): Deps {
  const metadata = createMetadataClient(options.metadataEndpoint);
  const credentials = createCredentialsProvider(options.env, metadata);
  const client = (service: string) => createAwsHttpClient(options.aws, service, credentials);
  return {
    clock: systemClock,
    metadata: createMetadataPort(metadata),
    ssm: createSsmPort(client("ssm")),
    ec2: createEc2Port(client("ec2")),
    metrics: createMetricsPort(client("monitoring")),
    stackSignal: createStackSignalPort(client("cloudformation")),
    storage: options.volumeDirectory !== undefined
      ? createDirectoryStorage(options.volumeDirectory)
      : createBlockStorage(systemClock, options.deviceWaitMs),
    files: localFiles,
    spawn: localSpawn,
    probe: tcpProbe,
    hostFacts: localHostFacts,
    log: options.log,
    random: Math.random,
    shutdownRequested: options.shutdownRequested,
  };
}
