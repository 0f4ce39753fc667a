import type { AppImageConfig, Environment } from "./deploy-config.ts";

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
  readonly network: NetworkSpec;
  /** Present when the DSL has at least one entity. */
  readonly database?: DatabaseSpec;
  /** Present when an entity has a file-kind field. */
  readonly objectStorage?: ObjectStorageSpec;
  readonly messaging: MessagingSpec;
  readonly compute: ComputeSpec;
  readonly observability: ObservabilitySpec;
}

// ---------------------------------------------------------------------------------------------
// Network

/** One subnet tier: the same mask in every AZ; `cidrs[i]` is the subnet in AZ i. */
export interface SubnetTierSpec {
  /** Subnet group name in the VPC (`Public`, `Private`, `Isolated`). */
  readonly name: string;
  /** Prefix length of each subnet in this tier: 16–28. */
  readonly cidrMask: number;
  /** Exactly as `ec2.Vpc` allocates them (checked at synth), one per AZ, in AZ order. */
  readonly cidrs: readonly string[];
}

export interface NetworkSpec {
  readonly vpcCidr: string;
  /** Literal AZ names (2 or 3), in order: AZ index i is `availabilityZones[i]`. */
  readonly availabilityZones: readonly string[];
  /**
   * True when dazzle.toml named no zones and the region names zones per account
   * (plan/availability-zones.ts): the names may not exist for the deploying account.
   */
  readonly availabilityZonesGuessed: boolean;
  /** 1..AZ count: private-with-egress subnets need at least one. */
  readonly natGateways: number;
  /** Allocation order in the VPC: public, private (with egress), isolated. */
  readonly subnets: {
    readonly public: SubnetTierSpec;
    readonly private: SubnetTierSpec;
    readonly isolated: SubnetTierSpec;
  };
  /** VPC flow logs (all traffic) to CloudWatch Logs, kept this many days. */
  readonly flowLogRetentionDays: number;
  /** What happens to log groups when the stack is deleted: retain outside dev. */
  readonly logRemovalPolicy: RemovalPolicyName;
}

// ---------------------------------------------------------------------------------------------
// Data

export type DatabaseCapacity =
  | {
    readonly kind: "serverless";
    /** Aurora capacity units: 0.5–256, in steps of 0.5. */
    readonly minCapacityAcu: number;
    readonly maxCapacityAcu: number;
  }
  | {
    readonly kind: "provisioned";
    /** EC2-style instance type without the `db.` prefix, e.g. `t4g.medium`. */
    readonly instanceType: string;
  };

export interface DatabaseSpec {
  /** Aurora PostgreSQL full version, e.g. `16.6`. */
  readonly engineVersion: string;
  /** Major version, e.g. `16`. */
  readonly engineMajorVersion: string;
  readonly capacity: DatabaseCapacity;
  /** Readers besides the writer: 1 in prod (a second AZ to fail over to), else 0. */
  readonly readerCount: number;
  /** `[a-z][a-z0-9_]*`. */
  readonly databaseName: string;
  readonly port: number;
  readonly masterUsername: string;
  /** Secrets Manager name of the generated credentials: `{app}/{env}/database`. */
  readonly secretName: string;
  /** 1–35 days. */
  readonly backupRetentionDays: number;
  /** True outside dev. */
  readonly deletionProtection: boolean;
  /** `snapshot` outside dev, `destroy` in dev. */
  readonly removalPolicy: RemovalPolicyName;
  /**
   * The master credentials' secret: `retain` outside dev, since restoring the final snapshot
   * needs the password it holds; `destroy` in dev.
   */
  readonly secretRemovalPolicy: RemovalPolicyName;
  /** Storage hint from dazzle.toml (Aurora grows on its own), GiB. */
  readonly storageGibHint: number;
}

export interface ObjectStorageSpec {
  /** Versioned buckets: true (an overwritten upload can be restored). */
  readonly versioned: true;
  /** `retain` outside dev, `destroy` in dev. */
  readonly removalPolicy: RemovalPolicyName;
  /** Task environment variable holding the bucket name. */
  readonly environmentVariable: string;
}

// ---------------------------------------------------------------------------------------------
// Messaging

export interface QueueSpec {
  readonly channel: string;
  /** `{app}-{env}-{channel}`, at most 80 characters. */
  readonly queueName: string;
  readonly deadLetterQueueName: string;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  /** Dead letters are kept the SQS maximum (14 days) so someone can look at them. */
  readonly deadLetterRetentionSeconds: number;
  /** Task environment variable holding the queue URL. */
  readonly environmentVariable: string;
  /**
   * `retain` in prod (messages in flight survive a stack deletion or replacement), `destroy`
   * elsewhere (a retained named queue blocks re-creating the stack under the same name).
   */
  readonly removalPolicy: RemovalPolicyName;
}

export interface EventBusSpec {
  readonly channel: string;
  readonly eventBusName: string;
  /** Task environment variable holding the bus name. */
  readonly environmentVariable: string;
}

/** An EventBridge Scheduler schedule (`AWS::Scheduler::Schedule`) delivering to SQS. */
export interface ScheduleSpec {
  /** Unique among schedules (InfraRequirements' scheduled rule name). */
  readonly name: string;
  readonly keyword: "schedule" | "send" | "job";
  /** What declared it, in words: `schedule nightly`, `send daily of channel digests`. */
  readonly description: string;
  /** `{app}-{env}-{name}`, at most 64 characters. */
  readonly scheduleName: string;
  /** `cron(...)` or `rate(...)`. */
  readonly scheduleExpression: string;
  /** IANA time zone (`ScheduleExpressionTimezone`). */
  readonly timezone: string;
  /** The message body sent each time (JSON text). */
  readonly input: string;
  /** The schedule queue, or the queue of the job with this name. */
  readonly target:
    | { readonly kind: "schedule-queue" }
    | { readonly kind: "job-queue"; readonly job: string };
}

/** A job's own queue and the policy its worker applies. */
export interface JobQueueSpec {
  readonly job: string;
  readonly queue: QueueSpec;
  readonly retry: number;
  readonly retryBackoff: "none" | "linear" | "exponential";
  readonly timeoutSeconds: number;
  readonly deadLetterEntity?: string;
  /** Triggers as `on_create Entity [when …]`, for the plan summary. */
  readonly triggers: readonly string[];
}

export interface MessagingSpec {
  readonly queues: readonly QueueSpec[];
  readonly eventBuses: readonly EventBusSpec[];
  readonly schedules: readonly ScheduleSpec[];
  /**
   * Where schedules and scheduled sends deliver: one SQS queue (with its own dead-letter queue)
   * that the app consumes. Present when a schedule or scheduled send exists.
   */
  readonly scheduleQueue?: QueueSpec;
  /** One queue (and dead-letter queue) per job, sorted by job name. */
  readonly jobs: readonly JobQueueSpec[];
}

// ---------------------------------------------------------------------------------------------
// Compute and observability

export interface ComputeSecretSpec {
  /** Environment variable name in the container. */
  readonly name: string;
  readonly source: "ssm" | "secretsmanager" | "database";
  /** SSM parameter path, secret name, or (for `database`) the JSON field of the DB secret. */
  readonly path: string;
}

export type AppImageSpec = AppImageConfig;

export interface ComputeSpec {
  /** ECR repository name: `{app}-{env}`, for images pushed by hand. */
  readonly repositoryName: string;
  /**
   * The app's image (ir/deploy-config.ts `AppImageConfig`): pulled, built from the project's
   * Dockerfile by `cdk deploy`, or `none` (then `desiredCount` is 0: no task could start).
   */
  readonly image: AppImageSpec;
  readonly clusterName: string;
  readonly serviceName: string;
  /** Fargate CPU units and memory (a valid Fargate pair). */
  readonly cpu: number;
  readonly memoryMib: number;
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  readonly containerPort: number;
  readonly healthCheckPath: string;
  /** Target CPU utilisation for autoscaling, percent. */
  readonly cpuTargetUtilizationPercent: number;
  /** Present when a domain and certificate are configured: HTTPS on 443, HTTP redirects. */
  readonly https?: { readonly domainName: string; readonly certificateArn: string };
  /** `/{app}/{env}/app`. */
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  /** Literal environment values (no secrets), sorted by name. */
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  /** Values the task reads from SSM / Secrets Manager at start, sorted by name. */
  readonly secrets: readonly ComputeSecretSpec[];
  /** ECR repository and log groups: `retain` outside dev. */
  readonly removalPolicy: RemovalPolicyName;
}

export interface ObservabilitySpec {
  readonly alarmEmail?: string;
  readonly logRetentionDays: number;
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
  /**
   * `--cache-grid` in MiB that the agent chooses on a host of `instanceMemoryMib`
   * (`cacheGridMibFor` in ir/tigerbeetle-cluster.ts).
   */
  readonly cacheGridMib: number;
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
