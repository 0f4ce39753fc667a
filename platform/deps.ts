/** Build the agent's real dependencies once, from explicit options. */
import { logCallTimeoutMs } from "../agent/constants.ts";
import type { Deps, LogEventsPort, LogShipper, Logger } from "../agent/ports.ts";
import { type AwsHttpClient, type AwsOptions, createAwsHttpClient } from "./aws-http.ts";
import { createStackSignalPort } from "./cloudformation.ts";
import { createMetricsPort } from "./cloudwatch.ts";
import { createLogEventsPort } from "./cloudwatch-logs.ts";
import { createCredentialsProvider } from "./credentials.ts";
import { createEc2Port } from "./ec2.ts";
import { localHostFacts } from "./host-facts.ts";
import { localFiles, localSpawn, systemClock, tcpProbe } from "./local.ts";
import { type MetadataClient, createMetadataClient, createMetadataPort } from "./metadata.ts";
import { createSsmPort } from "./ssm.ts";
import { createBlockStorage } from "./storage-block.ts";
import { createDirectoryStorage } from "./storage-directory.ts";

export interface PlatformOptions {
  readonly aws: AwsOptions;
  /** Credentials come from here (AWS_ACCESS_KEY_ID, ...) or from the instance profile. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly metadataEndpoint: string;
}

/** The node's connections: instance metadata, and a signed client per AWS service. */
export interface Platform {
  readonly metadata: MetadataClient;
  readonly client: (service: string) => AwsHttpClient;
  /** Built first: the logger that feeds it exists before the rest of the agent's effects. */
  readonly logEvents: LogEventsPort;
}

export function createPlatform(options: PlatformOptions): Platform {
  const metadata = createMetadataClient(options.metadataEndpoint);
  const credentials = createCredentialsProvider(options.env, metadata);
  const client = (service: string) => createAwsHttpClient(options.aws, service, credentials);
  const logsClient = createAwsHttpClient(options.aws, "logs", credentials,
    { attempts: 1, timeoutMs: logCallTimeoutMs });
  return { metadata, client, logEvents: createLogEventsPort(logsClient) };
}

export interface AgentEffectsOptions {
  /** Tests and rehearsals: volumes are folders below this directory instead of devices. */
  readonly volumeDirectory: string | undefined;
  readonly deviceWaitMs: number;
  readonly log: Logger;
  readonly logShipper: LogShipper;
  readonly shutdownRequested: () => boolean;
}

export function createPlatformDeps(platform: Platform, options: AgentEffectsOptions): Deps {
  return {
    clock: systemClock,
    metadata: createMetadataPort(platform.metadata),
    ssm: createSsmPort(platform.client("ssm")),
    ec2: createEc2Port(platform.client("ec2")),
    metrics: createMetricsPort(platform.client("monitoring")),
    stackSignal: createStackSignalPort(platform.client("cloudformation")),
    storage: options.volumeDirectory !== undefined
      ? createDirectoryStorage(options.volumeDirectory)
      : createBlockStorage(systemClock, options.deviceWaitMs),
    files: localFiles,
    spawn: localSpawn,
    probe: tcpProbe,
    hostFacts: localHostFacts,
    log: options.log,
    logShipper: options.logShipper,
    random: Math.random,
    shutdownRequested: options.shutdownRequested,
  };
}
