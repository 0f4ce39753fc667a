import type { Span } from "./span.ts";

/**
 * The resolved `dazzle.toml`: every key present, defaults applied for the chosen environment.
 * Produced by `config/`, consumed by `plan/` (AWSRequirements) and `preflight/`.
 *
 * `sources` maps a dotted key path (`deploy.tigerbeetle.volume_iops`) to where the user wrote it,
 * so later stages can point findings at the right line. Keys left at their default are absent.
 */
export interface DeployConfig {
  readonly enabled: boolean;
  /** The environment this configuration was resolved for (`--env`, `DAZZLE_ENV`, ...). */
  readonly environment: Environment;
  /**
   * Every environment dazzle.toml describes, in promotion order, when it describes more than
   * one ([deploy.environments]); absent for a one-environment file.
   */
  readonly environments?: readonly Environment[];
  /** AWS region, e.g. `us-east-1`. @default "us-east-1" */
  readonly region: string;
  /**
   * Account for the stacks' `env`; absent = environment-agnostic (CDK_DEFAULT_ACCOUNT at deploy).
   */
  readonly account?: string;
  readonly network: NetworkConfig;
  readonly compute: ComputeConfig;
  readonly database: DatabaseConfig;
  readonly tigerbeetle: TigerBeetleConfig;
  readonly observability: ObservabilityConfig;
  /** `[deploy.secrets]`: env var name → reference. */
  readonly secrets: readonly SecretReference[];
  readonly sources: Readonly<Record<string, Span>>;
}

export type Environment = "dev" | "staging" | "prod";

/** What dazzle.toml's framework sections tell the deploy tool about the project. */
export interface ProjectSettings {
  /** `[project] name`: names the app when the DSL declares no `app`. */
  readonly name?: string;
  /**
   * `[modules] paths`: the folders holding the DSL, relative to the project folder, normalized
   * (`./dsl/` → `dsl`), in the order given. @default ["dsl"]
   */
  readonly dslFolders: readonly string[];
}

export interface NetworkConfig {
  /** VPC CIDR. @default "10.0.0.0/16" */
  readonly vpcCidr: string;
  /** Number of AZs: 2–3. @default 2 (dev, staging), 3 (prod) */
  readonly availabilityZoneCount: number;
  /** Explicit AZ names; when set its length wins over `availabilityZoneCount`. */
  readonly availabilityZones?: readonly string[];
  /** NAT gateways: 0 (no egress subnets) to AZ count. @default 1 (dev, staging), AZ count (prod) */
  readonly natGateways: number;
}

export interface ComputeConfig {
  /** Fargate CPU units (256, 512, 1024, 2048, 4096, 8192, 16384). @default 256 dev, 512 else */
  readonly cpu: number;
  /** Fargate memory in MiB; must be a valid pair with `cpu`. @default 512 dev, 1024 else */
  readonly memoryMib: number;
  /** Tasks: ≥ 1 in prod. @default 1 dev, 2 staging/prod */
  readonly desiredCount: number;
  readonly maxCount: number;
  /** Port the container listens on. @default 8000 */
  readonly containerPort: number;
  /** Where the app's container image comes from (`image`, or a Dockerfile, or neither). */
  readonly image: AppImageConfig;
  /** Health check path. @default "/health" */
  readonly healthCheckPath: string;
  /** HTTPS: a domain and an ACM certificate ARN; both or neither. */
  readonly domainName?: string;
  readonly certificateArn?: string;
}

/**
 * The app's container image, three ways:
 * - `registry`: `[deploy.compute] image = "registry/ref:tag"`, pulled as is;
 * - `dockerfile`: a Dockerfile in the project, built and pushed by `cdk deploy` (an image asset);
 * - `none`: neither; the service is created with no tasks (nothing could start them), and plan
 *   and preflight say how to fix it.
 */
export type AppImageConfig =
  | { readonly source: "registry"; readonly uri: string }
  | {
    readonly source: "dockerfile";
    /** Build context, relative to the project folder, `/`-separated: `.` by default. */
    readonly buildContext: string;
    /** The Dockerfile, relative to the build context (as `docker build --file` takes it). */
    readonly dockerfile: string;
    /**
     * Paths left out of the build context (and of the asset's hash), relative to it
     * (`.dockerignore` patterns): `.git`, the generated `infra/`, which changes on every
     * generate, and `cdk.out` folders.
     */
    readonly exclude: readonly string[];
  }
  | { readonly source: "none" };

export interface DatabaseConfig {
  /** `db.serverless` (Aurora Serverless v2) or a provisioned class, e.g. `db.t3.medium`. */
  readonly instanceClass: string;
  /** Allocated storage hint in GiB (Aurora grows automatically; used for alarms). */
  readonly storageGib: number;
  /** Backup retention in days: 1–35. @default 1 dev, 7 staging, 30 prod */
  readonly backupRetentionDays: number;
  /** Aurora PostgreSQL engine version. @default "17.7" */
  readonly engineVersion: string;
}

export type TigerBeetleSize = "t3.medium" | "r6i.large" | "r6i.xlarge" | "r6i.2xlarge";

export interface TigerBeetleConfig {
  /** Deploy the cluster when the DSL has a ledger. @default true */
  readonly enabled: boolean;
  readonly size: TigerBeetleSize;
  /** Replicas: 1, 3, 5 or 6. @default 1 dev, 3 staging/prod */
  readonly nodeCount: number;
  /** gp3 data volume size, GiB: 50–1000. @default 100 */
  readonly volumeSizeGib: number;
  /** gp3 IOPS: 3000–80000 (gp3 max), and ≤ 500 × size. @default 3000 dev, 10000 else */
  readonly volumeIops: number;
  /** gp3 throughput, MiB/s: 125–2000. @default 250 */
  readonly volumeThroughputMibps: number;
  /** Pinned TigerBeetle release, e.g. "0.17.8". Never "latest". */
  readonly version: string;
  /**
   * Cluster id as a decimal u128 string; 0 only in dev (TigerBeetle reserves 0 for testing).
   * Absent = `plan/` derives a stable non-zero id from app name + environment.
   */
  readonly clusterId?: string;
  /** TCP port of every replica (clients and replication). @default 3000 */
  readonly port: number;
  /** Where user-data downloads `tigerbeetle` and `dazzle` from (`artifactBaseUrlProblem`). */
  readonly artifactBaseUrl: string;
  /** Pinned dazzle version for the nodes. @default this binary's version */
  readonly dazzleVersion: string;
}

export interface ObservabilityConfig {
  /** CloudWatch Logs retention in days. @default 7 dev, 30 staging, 365 prod */
  readonly logRetentionDays: number;
  /** E-mail subscribed to the alarm topic; absent = topic without subscription. */
  readonly alarmEmail?: string;
}

export interface SecretReference {
  /** Environment variable name in the task (upper-cased key). */
  readonly name: string;
  readonly source: "ssm" | "secretsmanager";
  /** SSM parameter path (`/myapp/prod/db-password`) or secret name (`myapp/api-key`). */
  readonly path: string;
  readonly span?: Span;
}

/**
 * An artifact base URL: https:// or s3://, a host, an optional path; no whitespace, quotes,
 * backslash, `$` or backtick, because the URL is written into the nodes' shell bootstrap.
 * dazzle.toml is checked against it (config/), and the TigerBeetle stack checks it again.
 */
const artifactBaseUrlPattern = /^(https|s3):\/\/[^\s/'"\\$`]+(\/[^\s'"\\$`]*)?$/;

/**
 * Why an `artifact_base_url` cannot be used, or undefined when it can. The URL is written into
 * every node's user-data (readable by anyone who may describe the launch template) and, for
 * `s3://`, turned into the node role's s3:GetObject grant: so no credentials in it, no
 * wildcards in the bucket (`s3://*\/x` would grant every bucket), and no query or fragment
 * (the nodes append `/<name>/<version>/<file>` to it).
 */
export function artifactBaseUrlProblem(url: string): string | undefined {
  const match = /^(https|s3):\/\/([^/]*)(\/.*)?$/.exec(url);
  if (!match) return "it must start with https:// or s3://";
  const [, scheme, authority = "", path = ""] = match;
  if (!artifactBaseUrlPattern.test(url)) {
    return "it must not contain spaces, quotes, backslashes, `$` or backticks (it is written " +
      "into the nodes' shell bootstrap)";
  }
  if (authority.includes("@")) {
    return "it must not contain a user name or password (they would be written into the " +
      "nodes' user-data); use an s3:// mirror, which the nodes read with their role";
  }
  if (url.includes("?") || url.includes("#")) {
    return "it must not contain '?' or '#': the nodes append /<name>/<version>/<file> to it";
  }
  if (scheme === "s3" && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(authority)) {
    return "the bucket must be an S3 bucket name (lower-case letters, digits, '.', '-'; no " +
      "wildcards, which would grant the nodes every bucket)";
  }
  if (scheme === "s3" && path.includes("*")) {
    return "the prefix must not contain '*' (it becomes the nodes' s3:GetObject grant)";
  }
  if (authority === "") return "it needs a host";
  return undefined;
}
