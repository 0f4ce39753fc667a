/** The agent's settings from its command line (see cli/commands/agent.ts and docs/agent.md). */
export interface AgentConfig {
  readonly app: string;
  readonly environment: string;
  readonly region: string;
  readonly replica: number;
  /** `/{app}/{env}/tigerbeetle` unless `--ssm-prefix`. */
  readonly ssmPrefix: string;
  readonly tigerbeetleBin: string;
  readonly dataDir: string;
  /** CloudFormation resource to signal once TigerBeetle runs (or fails). */
  readonly signal: { readonly stackName: string; readonly logicalId: string } | undefined;
  readonly metricsNamespace: string;
  /** CloudWatch log group that also receives the agent's log lines; none: journal only. */
  readonly logGroup: string | undefined;
  readonly metricsIntervalMs: number;
  /** Bound on every wait for something outside (settings, volume, peers, quorum). */
  readonly waitMsMax: number;
  /** TigerBeetle's `--cache-grid`, in MiB (passed as GiB when whole). */
  readonly cacheGridMib: number;
  /** Host checks become warnings and TigerBeetle starts with `--development`. Never in prod. */
  readonly development: boolean;
}

/** The device name requested in AttachVolume (on Nitro it appears as an NVMe device). */
export const dataDeviceName = "/dev/sdf";
/** AttachNetworkInterface device index of the replica's fixed interface. */
export const interfaceDeviceIndex = 1;
