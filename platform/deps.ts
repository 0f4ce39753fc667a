/** Build the agent's real dependencies once, from explicit options. */
import type { Deps, LogEventsPort, LogShipper, Logger } from "../agent/ports.ts";
import { type AwsClientOptions, type AwsClients, createAwsClients } from "./aws-clients.ts";
import { createStackSignalPort } from "./cloudformation.ts";
import { createMetricsPort } from "./cloudwatch.ts";
import { createLogEventsPort } from "./cloudwatch-logs.ts";
import { createEc2Port } from "./ec2.ts";
import { localHostFacts } from "./host-facts.ts";
import { localFiles, localSpawn, systemClock, tcpProbe } from "./local.ts";
import { type MetadataClient, createMetadataClient, createMetadataPort } from "./metadata.ts";
import { createSsmPort } from "./ssm.ts";
import { createBlockStorage } from "./storage-block.ts";
import { createDirectoryStorage } from "./storage-directory.ts";

export interface PlatformOptions {
  readonly aws: AwsClientOptions;
  /** This node's identity (IMDSv2); the SDK's credential chain finds its own endpoint. */
  readonly metadataEndpoint: string;
}

/** The node's connections: instance metadata, and an SDK client per AWS service. */
export interface Platform {
  readonly metadata: MetadataClient;
  readonly aws: AwsClients;
  /** Built first: the logger that feeds it exists before the rest of the agent's effects. */
  readonly logEvents: LogEventsPort;
}

export function createPlatform(options: PlatformOptions): Platform {
  const aws = createAwsClients(options.aws);
  return { metadata: createMetadataClient(options.metadataEndpoint), aws,
    logEvents: createLogEventsPort(aws.logs) };
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
    ssm: createSsmPort(platform.aws.ssm),
    ec2: createEc2Port(platform.aws.ec2),
    metrics: createMetricsPort(platform.aws.cloudWatch),
    stackSignal: createStackSignalPort(platform.aws.cloudFormation),
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
