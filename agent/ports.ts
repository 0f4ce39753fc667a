/**
 * The agent's effects, injected as one `Deps` object. Real implementations live in `platform/`
 * (explicit region, attempts and timeouts); tests pass fakes or the same real ones pointed at
 * local emulators. Each port is narrow: only what the agent needs.
 */
import type { ReplicaAddress } from "./addresses.ts";
import type { HostFacts } from "./host-checks.ts";

export interface Clock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

/** This node, from the instance metadata service (IMDSv2). */
export interface Identity {
  readonly instanceId: string;
  readonly privateIp: string;
  readonly availabilityZone: string;
  readonly region: string;
}

export interface MetadataPort {
  identity(): Promise<Identity>;
}

export interface SsmParameter {
  readonly name: string;
  readonly value: string;
}

export interface SsmPort {
  /** Every parameter below `path`, recursively, bounded by `ssmPagesMax` pages. */
  listByPath(path: string): Promise<readonly SsmParameter[]>;
  get(name: string): Promise<string | undefined>;
  /** Conditional write (PutParameter Overwrite=false): "exists" if someone wrote it first. */
  putIfAbsent(name: string, value: string): Promise<"created" | "exists">;
  put(name: string, value: string): Promise<void>;
  /** Deleting a parameter that does not exist is not an error. */
  remove(name: string): Promise<void>;
}

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface VolumeView {
  readonly volumeId: string;
  /** Attachments in state attaching or attached (an EBS volume has at most one). */
  readonly attachments: readonly { readonly instanceId: string; readonly state: string }[];
}

export interface InterfaceView {
  readonly interfaceId: string;
  readonly privateIp: string;
  readonly attachedInstanceId?: string;
}

export type AttachResult = "attached" | "inUse";

export interface Ec2Port {
  findVolumes(tags: readonly Tag[]): Promise<readonly VolumeView[]>;
  findInterfaces(tags: readonly Tag[]): Promise<readonly InterfaceView[]>;
  /** "inUse" when EC2 refuses because another instance holds it: that is the fence. */
  attachVolume(volumeId: string, instanceId: string, device: string): Promise<AttachResult>;
  attachInterface(interfaceId: string, instanceId: string,
    deviceIndex: number): Promise<AttachResult>;
}

export interface MetricDatum {
  readonly name: string;
  readonly value: number;
  readonly unit: "Count" | "Percent" | "None";
}

export interface MetricsPort {
  publish(namespace: string,
    dimensions: readonly { readonly name: string; readonly value: string }[],
    data: readonly MetricDatum[]): Promise<void>;
}

/** One line for CloudWatch Logs: milliseconds since the epoch, and the text. */
export interface LogEvent {
  readonly timestampMs: number;
  readonly message: string;
}

export interface LogEventsPort {
  /** Creating a stream that already exists (the agent restarted) is not an error. */
  createStream(group: string, stream: string): Promise<void>;
  /** One PutLogEvents call: events in time order, within CloudWatch Logs' batch limits. */
  put(group: string, stream: string, events: readonly LogEvent[]): Promise<void>;
}

/** Where the agent's log lines go besides the journal (`agent/log-shipping.ts`). */
export interface LogShipper {
  /** Send what was logged since the last call; best effort and bounded, never throws. */
  flush(stream: string): Promise<void>;
}

export interface StackSignalPort {
  signal(stackName: string, logicalId: string, uniqueId: string,
    status: "SUCCESS" | "FAILURE"): Promise<void>;
}

/** The data volume's device, file system and mount point. */
export interface StoragePort {
  /** Wait for the device, create a file system only if it is blank, mount it at `dataDir`. */
  prepare(volumeId: string, device: string, dataDir: string): Promise<void>;
  /** True when the volume's file system is mounted at `dataDir`. */
  isReady(volumeId: string, dataDir: string): Promise<boolean>;
  usedPercent(dataDir: string): Promise<number | undefined>;
}

export interface FilePort {
  exists(path: string): Promise<boolean>;
  remove(path: string): Promise<void>;
  /** Atomic rename, durable (the directory is synced) when it returns. */
  rename(from: string, to: string): Promise<void>;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export interface ChildProcess {
  readonly pid: number;
  /** Resolves (never rejects) when the process has exited. */
  readonly exited: Promise<ProcessExit>;
  kill(signal: "SIGTERM" | "SIGKILL"): void;
}

export interface SpawnPort {
  /** Start `command`; every output line (stdout and stderr) goes to `onLine`. */
  spawn(command: string, args: readonly string[], onLine: (line: string) => void): ChildProcess;
}

export interface ProbePort {
  /** Whether a TCP connection to the address opens within the timeout. */
  reachable(address: ReplicaAddress, timeoutMs: number): Promise<boolean>;
  /**
   * Whether this host can bind the IP (port 0): false until the attached interface's address
   * is configured by the OS, when TigerBeetle's `start` would fail to listen.
   */
  bindable(ip: string): Promise<boolean>;
}

export interface HostFactsPort {
  observe(dataDir: string): Promise<HostFacts>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Deps {
  readonly clock: Clock;
  readonly metadata: MetadataPort;
  readonly ssm: SsmPort;
  readonly ec2: Ec2Port;
  readonly metrics: MetricsPort;
  readonly stackSignal: StackSignalPort;
  readonly storage: StoragePort;
  readonly files: FilePort;
  readonly spawn: SpawnPort;
  readonly probe: ProbePort;
  readonly hostFacts: HostFactsPort;
  readonly log: Logger;
  /** Ships what `log` wrote to the cluster's log group (a no-op without `--log-group`). */
  readonly logShipper: LogShipper;
  /** Uniform in [0, 1): jitter for backoff. */
  readonly random: () => number;
  /** True once SIGTERM (or the test's equivalent) asked the agent to stop. */
  readonly shutdownRequested: () => boolean;
}
