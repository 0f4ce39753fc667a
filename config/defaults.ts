/**
 * The value of every dazzle.toml key when the user leaves it out, per environment. Dev is cheap
 * and disposable, prod is redundant and keeps data longer; staging sits between (prod-shaped so
 * it rehearses prod, with less retention). Each choice is written down with its reason.
 */
import { tigerBeetleReleaseDefault } from "../ir/tigerbeetle-cluster.ts";
import type { DeployConfig, Environment } from "../ir/deploy-config.ts";

export const defaultEnvironment: Environment = "dev";
export const defaultRegion = "us-east-1";

/**
 * Pinned TigerBeetle release used when `[deploy.tigerbeetle] version` is absent. Never "latest":
 * a replica must not change version because a node was replaced.
 */
export const defaultTigerBeetleVersion = tigerBeetleReleaseDefault;

/**
 * Where nodes download `tigerbeetle` and `dazzle` from: there is no public host with both in the
 * layout the bootstrap verifies (`dazzle/<v>/…`, `tigerbeetle/<v>/…`, each with SHA256SUMS), so
 * the user mirrors them (usually `s3://their-bucket/releases`). Until they say where, this
 * placeholder (`.example` never resolves) stands in, and plan and preflight say so.
 */
const defaultArtifactBaseUrl = "https://releases.dazzle.example";

export type ResolvedWithoutSources = Omit<DeployConfig, "sources" | "secrets">;

export function defaultsFor(
  environment: Environment,
  options: { readonly dazzleVersion: string },
): ResolvedWithoutSources {
  const prod = environment === "prod";
  const dev = environment === "dev";
  // Three AZs in prod so a 3- or 6-replica cluster survives the loss of one AZ.
  const availabilityZoneCount = prod ? 3 : 2;
  return {
    enabled: true,
    environment,
    region: defaultRegion,
    network: {
      vpcCidr: "10.0.0.0/16",
      availabilityZoneCount,
      // One NAT gateway outside prod saves cost; prod has one per AZ so egress survives an AZ.
      natGateways: prod ? availabilityZoneCount : 1,
    },
    compute: {
      cpu: dev ? 256 : 512,
      memoryMib: dev ? 512 : 1024,
      desiredCount: dev ? 1 : 2,
      maxCount: dev ? 2 : prod ? 10 : 4,
      containerPort: 8000,
      healthCheckPath: "/health",
      // Replaced by the project's Dockerfile or `image` when there is one (config/app-image.ts).
      image: { source: "none" },
    },
    database: {
      instanceClass: dev ? "db.serverless" : "db.t4g.medium",
      storageGib: dev ? 20 : 100,
      backupRetentionDays: dev ? 1 : prod ? 30 : 7,
      // A current Aurora PostgreSQL release: cfn-lint (W3690) flags 16.6 and older as deprecated
      // for new clusters.
      engineVersion: "17.7",
    },
    tigerbeetle: {
      enabled: true,
      size: dev ? "t3.medium" : "r6i.large",
      nodeCount: dev ? 1 : 3,
      volumeSizeGib: 100,
      // 10,000 IOPS outside dev: TigerBeetle's write path is latency-bound (see preflight).
      volumeIops: dev ? 3000 : 10000,
      volumeThroughputMibps: 250,
      version: defaultTigerBeetleVersion,
      port: 3000,
      artifactBaseUrl: defaultArtifactBaseUrl,
      dazzleVersion: options.dazzleVersion,
    },
    observability: {
      logRetentionDays: dev ? 7 : prod ? 365 : 30,
    },
  };
}
