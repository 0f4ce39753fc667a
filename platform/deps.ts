/** Build the agent's real dependencies once, from explicit options. */
import type { Deps, Logger } from "../agent/ports.ts";
import type { AwsOptions } from "./aws-options.ts";
import { createStackSignalPort } from "./cloudformation.ts";
import { createMetricsPort } from "./cloudwatch.ts";
import { createEc2Port } from "./ec2.ts";
import { localHostFacts } from "./host-facts.ts";
import { localFiles, localSpawn, systemClock, tcpProbe } from "./local.ts";
import { createMetadataPort } from "./metadata.ts";
import { createSsmPort } from "./ssm.ts";
import { createBlockStorage } from "./storage-block.ts";
import { createDirectoryStorage } from "./storage-directory.ts";

export interface PlatformOptions {
  readonly aws: AwsOptions;
  readonly metadataEndpoint: string;
  /** Tests and rehearsals: volumes are folders below this directory instead of devices. */
  readonly volumeDirectory: string | undefined;
  readonly deviceWaitMs: number;
  readonly log: Logger;
  readonly shutdownRequested: () => boolean;
}

export function createPlatformDeps(options: PlatformOptions): Deps {
  return {
    clock: systemClock,
    metadata: createMetadataPort(options.metadataEndpoint),
    ssm: createSsmPort(options.aws),
    ec2: createEc2Port(options.aws),
    metrics: createMetricsPort(options.aws),
    stackSignal: createStackSignalPort(options.aws),
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
