/** `[deploy.tigerbeetle]`: the replica cluster, its volumes and the pinned releases. */
import { artifactBaseUrlProblem, type Environment,
  type TigerBeetleConfig } from "../ir/deploy-config.ts";
import { gp3 } from "../ir/tigerbeetle-cluster.ts";
import { clusterIdMax, tigerBeetleNodeCount, tigerBeetleSizes,
  tigerBeetleVolumeSizeGib } from "./limits.ts";
import { anyInvalid, describeValue, readBoolean, readChoice, readInteger, readString, report,
  tomlTypeName, type ConfigReader, type Section } from "./reader.ts";

const releaseVersionPattern = /^\d+\.\d+\.\d+$/;

export function readTigerBeetle(
  reader: ConfigReader,
  section: Section,
  defaults: TigerBeetleConfig,
  environment: Environment,
): TigerBeetleConfig {
  const enabled = readBoolean(reader, section, "enabled");
  const size = readChoice(reader, section, "size", tigerBeetleSizes);
  const nodeCount = readInteger(reader, section, "node_count", tigerBeetleNodeCount);
  const volumeSizeGib = readInteger(reader, section, "volume_size_gb", tigerBeetleVolumeSizeGib);
  const volumeIops = readInteger(reader, section, "volume_iops", { min: gp3.iopsMin,
    max: gp3.iopsMax });
  const throughput = readInteger(reader, section, "volume_throughput", {
    min: gp3.throughputMibpsMin,
    max: gp3.throughputMibpsMax,
  });
  const version = readString(reader, section, "version", {
    pattern: releaseVersionPattern,
    expected: "a pinned TigerBeetle release like \"0.17.8\"",
  });
  const clusterId = readClusterId(reader, section, environment);
  const port = readInteger(reader, section, "port", { min: 1024, max: 65535 });
  const artifactBaseUrl = readArtifactBaseUrl(reader, section);
  const dazzleVersion = readString(reader, section, "dazzle_version", {
    pattern: /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/,
    expected: "a dazzle version like \"0.1.0\"",
  });
  const resolved: TigerBeetleConfig = {
    enabled: enabled ?? defaults.enabled,
    size: size ?? defaults.size,
    nodeCount: nodeCount ?? defaults.nodeCount,
    volumeSizeGib: volumeSizeGib ?? defaults.volumeSizeGib,
    volumeIops: volumeIops ?? defaults.volumeIops,
    volumeThroughputMibps: throughput ?? defaults.volumeThroughputMibps,
    version: version ?? defaults.version,
    ...(clusterId !== undefined ? { clusterId } : {}),
    port: port ?? defaults.port,
    artifactBaseUrl: (artifactBaseUrl ?? defaults.artifactBaseUrl).replace(/\/+$/, ""),
    dazzleVersion: dazzleVersion ?? defaults.dazzleVersion,
  };
  checkVolume(reader, section.path, resolved);
  return resolved;
}

/** A u128 written as an integer or a decimal string (TOML integers stop at 2^63 - 1). */
function readClusterId(
  reader: ConfigReader,
  section: Section,
  environment: Environment,
): string | undefined {
  const path = `${section.path}.cluster_id`;
  const value = section.values["cluster_id"];
  if (value === undefined) return undefined;
  reader.sources[path] = reader.locations.get(path)!;
  if (typeof value !== "bigint" && typeof value !== "string") {
    report(reader, path, "config/wrongType",
      `'${path}' must be an integer or a decimal string, but it is ${tomlTypeName(value)}`);
    return undefined;
  }
  const text = String(value);
  if (!/^\d{1,39}$/.test(text) || BigInt(text) > clusterIdMax) {
    report(reader, path, "config/outOfRange",
      `'${path}' must be a whole number from 0 to 2^128 - 1, but it is ${describeValue(value)}`);
    return undefined;
  }
  const canonical = BigInt(text).toString();
  if (canonical === "0" && environment !== "dev") {
    report(reader, path, "config/invalidCombination",
      `'${path}' is 0, which TigerBeetle reserves for testing; it is allowed only in dev`,
      "remove cluster_id to get a stable non-zero id derived from the app and environment");
    return undefined;
  }
  return canonical;
}

/** gp3 ratios: IOPS ≤ 500 per GiB, throughput ≤ 0.25 MiB/s per provisioned IOPS. */
function checkVolume(reader: ConfigReader, path: string, tigerbeetle: TigerBeetleConfig): void {
  const keys = ["volume_size_gb", "volume_iops", "volume_throughput"];
  if (anyInvalid(reader, keys.map((key) => `${path}.${key}`))) return;
  const iopsMax = tigerbeetle.volumeSizeGib * gp3.iopsPerGibMax;
  if (tigerbeetle.volumeIops > iopsMax) {
    report(reader, `${path}.volume_iops`, "config/invalidCombination",
      `gp3 allows at most ${gp3.iopsPerGibMax} IOPS per GiB: ${tigerbeetle.volumeSizeGib} GiB ` +
        `allows ${iopsMax} IOPS, but volume_iops is ${tigerbeetle.volumeIops}`,
      `raise volume_size_gb to at least ${Math.ceil(tigerbeetle.volumeIops / gp3.iopsPerGibMax)}`);
  }
  const throughputMax = Math.floor(tigerbeetle.volumeIops * gp3.throughputMibpsPerIopsMax);
  if (tigerbeetle.volumeThroughputMibps > throughputMax) {
    const key = reader.sources[`${path}.volume_throughput`] ? "volume_throughput" : "volume_iops";
    report(reader, `${path}.${key}`, "config/invalidCombination",
      `gp3 allows at most ${gp3.throughputMibpsPerIopsMax} MiB/s per IOPS: ` +
        `${tigerbeetle.volumeIops} IOPS allow ${throughputMax} MiB/s, but volume_throughput is ` +
        `${tigerbeetle.volumeThroughputMibps}`, `raise volume_iops to at least ` +
      `${Math.ceil(tigerbeetle.volumeThroughputMibps / gp3.throughputMibpsPerIopsMax)}`);
  }
}

/** `artifact_base_url`, refused with the reason ir/tigerbeetle-node.ts gives. */
function readArtifactBaseUrl(reader: ConfigReader, section: Section): string | undefined {
  const url = readString(reader, section, "artifact_base_url");
  if (url === undefined) return undefined;
  const problem = artifactBaseUrlProblem(url);
  if (problem === undefined) return url;
  const path = `${section.path}.artifact_base_url`;
  report(reader, path, "config/invalidValue", `'${path}' is ${describeValue(url)}: ${problem}`);
  return undefined;
}
