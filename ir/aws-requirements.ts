import type { Environment } from "./deploy-config.ts";

/**
 * AWSRequirements: every concrete AWS choice, as plain data. Produced by `plan/` from
 * InfraRequirements + the resolved dazzle.toml; consumed by `stacks/` (and copied verbatim
 * into the generated `infra/` app, which builds the same constructs from the same JSON).
 * Deterministic: the same input gives byte-identical JSON.
 *
 * The owner of `plan/` completes the other slices; the TigerBeetle slice below is the contract
 * with `stacks/tigerbeetle/` and is only extended, never reshaped.
 */
export interface AWSRequirements {
  readonly app: string;
  readonly environment: Environment;
  readonly region: string;
  readonly account?: string;
  /** Present only when the DSL has a ledger and `[deploy.tigerbeetle] enabled`. */
  readonly tigerbeetle?: TigerBeetleClusterSpec;
  // network, data, messaging, compute, observability: added by plan/.
}

/** Removal policy as data (CDK's enum is not serialisable). */
export type RemovalPolicyName = "retain" | "snapshot" | "destroy";

/** One TigerBeetle replica index: its fixed place in the cluster. */
export interface TigerBeetleReplicaSpec {
  /** Replica index 0..replicaCount-1: position in `addresses`. */
  readonly index: number;
  /** Index into the VPC's availability zones (replica i → AZ i mod azCount). */
  readonly availabilityZoneIndex: number;
  /** Literal AZ name when the config names AZs; absent → the stack resolves it (token). */
  readonly availabilityZone?: string;
  /** CIDR of the private subnet this replica lives in (must equal the VPC's allocation). */
  readonly subnetCidr: string;
  /** Fixed private IP of this replica's network interface, inside `subnetCidr`. */
  readonly privateIp: string;
  /** `privateIp:port`. */
  readonly address: string;
}

export interface TigerBeetleClusterSpec {
  /** Decimal u128, non-zero outside dev, stable across regenerations. */
  readonly clusterId: string;
  /** 1, 3, 5 or 6. */
  readonly replicaCount: number;
  /** One port for clients and replication. @default 3000 */
  readonly port: number;
  readonly replicas: readonly TigerBeetleReplicaSpec[];
  /** The ordered list `ip:port,ip:port,...`: SSM `addresses` and ECS `TIGERBEETLE_ADDRESSES`. */
  readonly addresses: string;
  /** Pinned TigerBeetle version. */
  readonly version: string;
  /** Pinned dazzle version installed on the nodes. */
  readonly dazzleVersion: string;
  /** Base URL of release artifacts (https or s3) for `tigerbeetle` and `dazzle`. */
  readonly artifactBaseUrl: string;
  /** EC2 instance type, e.g. `r6i.large`. */
  readonly instanceType: string;
  /** `x86_64` or `arm64`, from the instance type. */
  readonly architecture: "x86_64" | "arm64";
  /** Instance memory in MiB (from the size table), used for `--cache-grid`. */
  readonly instanceMemoryMib: number;
  /** `--cache-grid` in GiB: memory − 3 GiB (TigerBeetle) − 1 GiB (OS), at least 1. */
  readonly cacheGridGib: number;
  readonly volume: {
    readonly sizeGib: number;
    readonly iops: number;
    readonly throughputMibps: number;
    /** Always true: data volumes are encrypted at rest. */
    readonly encrypted: true;
    /** Always `retain`: a data volume is never deleted with the stack. */
    readonly removalPolicy: "retain";
  };
  /** `/{app}/{env}/tigerbeetle`. */
  readonly ssmPrefix: string;
  /** `/{app}/{env}/tigerbeetle`. */
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  /** `Dazzle/{app}`. */
  readonly metricsNamespace: string;
  /** Value of the cluster tag on volumes and interfaces (see ir/tigerbeetle-node.ts). */
  readonly clusterTag: string;
}
