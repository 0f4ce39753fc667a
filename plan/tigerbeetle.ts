/**
 * TigerBeetle cluster plan: instance size, replica placement and fixed addresses, cluster id.
 * Replica i lives in AZ (i mod AZ count), in that AZ's private subnet, at a fixed private IP
 * (subnet base + 10 + i: clear of the 4 addresses AWS reserves at the start of a subnet), so
 * the ordered address list is known at synth and survives instance replacement.
 */
import { createHash } from "node:crypto";
import type { DeployConfig, TigerBeetleSize } from "../ir/deploy-config.ts";
import type { NetworkSpec, TigerBeetleClusterSpec,
  TigerBeetleReplicaSpec } from "../ir/aws-requirements.ts";
import type { LedgerClusterRequirement } from "../ir/infra-requirements.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { agentMetricNamespace, clusterTagValue, hasPlaceholderHost,
  ssmPrefix } from "../ir/tigerbeetle-node.ts";
import { cacheGridMibFor, quorums, tigerBeetleReleaseDefault,
  tigerBeetleReleasesToSkip } from "../ir/tigerbeetle-cluster.ts";
import { planCode } from "./codes.ts";
import { formatIp, parseCidr } from "./cidr.ts";
import { compareReleaseVersions } from "./release-version.ts";

/** The guide's size table: instance memory and CPU architecture. */
const tigerBeetleInstanceSizes: Readonly<
  Record<TigerBeetleSize, { readonly memoryMib: number; readonly architecture: "x86_64" | "arm64" }>
> = {
  "t3.medium": { memoryMib: 4096, architecture: "x86_64" },
  "r6i.large": { memoryMib: 16384, architecture: "x86_64" },
  "r6i.xlarge": { memoryMib: 32768, architecture: "x86_64" },
  "r6i.2xlarge": { memoryMib: 65536, architecture: "x86_64" },
};

/** First host offset used for replica IPs: skips the 4 AWS-reserved addresses with margin. */
const replicaHostOffset = 10;

export function planTigerBeetle(
  ledgerCluster: LedgerClusterRequirement | undefined,
  config: DeployConfig,
  app: string,
  network: NetworkSpec,
  generator: { readonly dazzleVersion: string },
  diagnostics: Diagnostic[],
): TigerBeetleClusterSpec | undefined {
  if (!ledgerCluster || !config.tigerbeetle.enabled) return undefined;
  const settings = config.tigerbeetle;
  const size = tigerBeetleInstanceSizes[settings.size];
  const clusterId = settings.clusterId ?? derivedClusterId(app, config.environment);
  if (clusterId === "0" && config.environment !== "dev") {
    diagnostics.push({ ...planCode("plan/invalidTigerBeetle"),
      message: "cluster_id 0 is TigerBeetle's testing id; it is allowed only in dev, " +
        `not ${config.environment}`, ...(config.sources["deploy.tigerbeetle.cluster_id"]
        ? { span: config.sources["deploy.tigerbeetle.cluster_id"] } :
        {}), hint: "remove cluster_id to get a stable id derived from the app and environment" });
  }
  warnWhenArtifactsHavePlaceholderHost(settings.artifactBaseUrl, config, diagnostics);
  warnWhenAgentIsOlder(settings.dazzleVersion, generator.dazzleVersion, config, diagnostics);
  warnWhenReleaseIsToSkip(settings.version, config, diagnostics);
  const replicas = placeReplicas(settings.nodeCount, settings.port, network);
  warnWhenOneZoneHoldsTheMajority(settings.nodeCount, network.availabilityZones, config,
    diagnostics);
  const prefix = ssmPrefix(app, config.environment);
  return {
    clusterId,
    replicaCount: settings.nodeCount,
    port: settings.port,
    replicas,
    addresses: replicas.map((replica) => replica.address).join(","),
    version: settings.version,
    dazzleVersion: settings.dazzleVersion,
    artifactBaseUrl: settings.artifactBaseUrl,
    instanceType: settings.size,
    architecture: size.architecture,
    instanceMemoryMib: size.memoryMib,
    cacheGridMib: cacheGridMibFor(size.memoryMib),
    volume: {
      sizeGib: settings.volumeSizeGib,
      iops: settings.volumeIops,
      throughputMibps: settings.volumeThroughputMibps,
      encrypted: true,
      removalPolicy: "retain",
    },
    ssmPrefix: prefix,
    logGroupName: prefix,
    logRetentionDays: config.observability.logRetentionDays,
    metricsNamespace: agentMetricNamespace(app),
    clusterTag: clusterTagValue(app, config.environment),
  };
}

function placeReplicas(
  count: number,
  port: number,
  network: NetworkSpec,
): TigerBeetleReplicaSpec[] {
  const azCount = network.availabilityZones.length;
  const replicas: TigerBeetleReplicaSpec[] = [];
  if (network.subnets.private.cidrs.length !== azCount) return replicas; // network already failed
  for (let index = 0; index < count; index++) {
    const availabilityZoneIndex = index % azCount;
    const subnetCidr = network.subnets.private.cidrs[availabilityZoneIndex]!;
    const subnet = parseCidr(subnetCidr)!;
    const privateIp = formatIp(subnet.base + replicaHostOffset + index);
    replicas.push({
      index,
      availabilityZoneIndex,
      availabilityZone: network.availabilityZones[availabilityZoneIndex]!,
      subnetCidr,
      privateIp,
      address: `${privateIp}:${port}`,
    });
  }
  return replicas;
}

/**
 * A view change needs its quorum of replicas (`quorums` in ir/tigerbeetle-cluster.ts, a majority
 * for 1-6 replicas). When the busiest AZ holds so many replicas that the others are fewer,
 * losing that AZ stops the cluster: say so, since 3 replicas over the 2 default AZs of staging
 * is exactly that case.
 */
function warnWhenOneZoneHoldsTheMajority(
  replicaCount: number,
  availabilityZones: readonly string[],
  config: DeployConfig,
  diagnostics: Diagnostic[],
): void {
  if (replicaCount < 3 || availabilityZones.length === 0) return;
  const busiestZoneReplicas = Math.ceil(replicaCount / availabilityZones.length);
  if (replicaCount - busiestZoneReplicas >= quorums(replicaCount).viewChange) return;
  diagnostics.push({ ...planCode("plan/tigerBeetleZoneSpread"),
    message: `${replicaCount} TigerBeetle replicas over ${availabilityZones.length} AZs put ` +
      `${busiestZoneReplicas} in ${availabilityZones[0]}: losing that AZ leaves no majority ` +
      "and the ledger stops",
    ...(config.sources["deploy.network"] ? { span: config.sources["deploy.network"] } : {}),
    hint: availabilityZones.length < 3
      ? "use 3 availability zones (`availability_zones = 3` in [deploy.network]) to survive " +
        "an AZ outage"
      : "use 3, 5 or 6 replicas (`node_count` in [deploy.tigerbeetle]): over 3 AZs they " +
        "survive an AZ outage" });
}

function warnWhenArtifactsHavePlaceholderHost(
  artifactBaseUrl: string,
  config: DeployConfig,
  diagnostics: Diagnostic[],
): void {
  if (!hasPlaceholderHost(artifactBaseUrl)) return;
  diagnostics.push({ ...planCode("plan/artifactSourcePlaceholder"),
    message: `TigerBeetle nodes would download dazzle and tigerbeetle from ${artifactBaseUrl}, ` +
      "a placeholder that never resolves: every node would fail to boot",
    ...(config.sources["deploy.tigerbeetle.artifact_base_url"]
      ? { span: config.sources["deploy.tigerbeetle.artifact_base_url"] } :
      {}), hint: "run `dazzle deploy artifacts --to s3://bucket/prefix`, then set the " +
      "`artifact_base_url` line it prints in [deploy.tigerbeetle] (see docs/ship.md)" });
}

/**
 * The agent's command line is a contract written by this dazzle: an older agent pinned in
 * `dazzle_version` may refuse a flag it does not know yet, and its node would never start.
 */
function warnWhenAgentIsOlder(
  agentVersion: string,
  generatorVersion: string,
  config: DeployConfig,
  diagnostics: Diagnostic[],
): void {
  if (compareReleaseVersions(agentVersion, generatorVersion) >= 0) return;
  diagnostics.push({ ...planCode("plan/agentOlderThanGenerator"),
    message: `TigerBeetle nodes would run dazzle ${agentVersion} as their agent, older than ` +
      `this dazzle (${generatorVersion}), which writes the agent's command line: an older ` +
      "agent may refuse a flag it does not know, and its node would not start",
    ...(config.sources["deploy.tigerbeetle.dazzle_version"]
      ? { span: config.sources["deploy.tigerbeetle.dazzle_version"] } :
      {}),
    hint: `set \`dazzle_version = "${generatorVersion}"\` in [deploy.tigerbeetle], or remove ` +
      "it to use this dazzle's version" });
}

/**
 * A stable, non-zero u128 from app + environment: the first 16 bytes of SHA-256, as decimal.
 * Regenerating never changes it; a different app or environment gets a different cluster, so
 * a client pointed at the wrong cluster is refused by TigerBeetle instead of writing to it.
 */
function derivedClusterId(app: string, environment: string): string {
  const digest = createHash("sha256").update(`dazzle-tigerbeetle:${app}:${environment}`).digest();
  const value = BigInt(`0x${digest.subarray(0, 16).toString("hex")}`);
  return (value === 0n ? 1n : value).toString(10);
}

function warnWhenReleaseIsToSkip(version: string, config: DeployConfig,
  diagnostics: Diagnostic[]): void {
  const reason = tigerBeetleReleasesToSkip[version];
  if (reason === undefined) return;
  diagnostics.push({ ...planCode("plan/tigerBeetleReleaseToSkip"),
    message: `TigerBeetle ${version}: ${reason}`, ...(config.sources["deploy.tigerbeetle.version"]
      ? { span: config.sources["deploy.tigerbeetle.version"] } :
      {}), hint: `pin version = "${tigerBeetleReleaseDefault}" in [deploy.tigerbeetle]` });
}
