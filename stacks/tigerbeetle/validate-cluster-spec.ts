/**
 * Validate the TigerBeetle slice of AWSRequirements before any construct is created, from a
 * table of { condition, message } rows, reporting every violation at once. `plan/` checks the
 * same rules against the user's dazzle.toml with spans; this is the stack's own guard, so a
 * hand-edited `aws-requirements.json` in a generated `infra/` app cannot slip past.
 */
import type { TigerBeetleClusterSpec } from "../../ir/aws-requirements.ts";
import { artifactBaseUrlProblem } from "../../ir/deploy-config.ts";
import { gp3, replicaCountsDeployed } from "../../ir/tigerbeetle-cluster.ts";
import { StackInputError } from "../stack-input-error.ts";

interface Rule {
  readonly condition: boolean;
  readonly message: string;
}

/**
 * Throws one StackInputError listing every violated rule; returns normally when the spec is
 * valid. (The plan accepts 2 or 4 replicas so that preflight can explain TB_EVEN_NODE_COUNT;
 * this is where synthesis refuses them.)
 */
export function validateClusterSpec(spec: TigerBeetleClusterSpec): void {
  const failures = clusterRules(spec)
    .concat(volumeRules(spec))
    .concat(spec.replicas.flatMap((replica, position) => replicaRules(spec, position, replica)))
    .filter((rule) => !rule.condition)
    .map((rule) => `  - ${rule.message}`);
  if (failures.length > 0) {
    throw new StackInputError(
      `TigerBeetle stack: invalid cluster spec:\n${failures.join("\n")}`,
    );
  }
}

function clusterRules(spec: TigerBeetleClusterSpec): Rule[] {
  const pinned = /^\d+\.\d+\.\d+$/;
  return [
    {
      condition: replicaCountsDeployed.includes(spec.replicaCount),
      message: `replicaCount must be one of ${replicaCountsDeployed.join(", ")}, ` +
        `but ${spec.replicaCount} was provided (Viewstamped Replication: an even count below 6 ` +
        "adds a replica without tolerating one more failure; set node_count to 1, 3, 5 or 6)",
    },
    {
      condition: spec.replicas.length === spec.replicaCount,
      message: `replicas must list ${spec.replicaCount} entries, ` +
        `but ${spec.replicas.length} were provided`,
    },
    {
      condition: Number.isInteger(spec.port) && spec.port >= 1 && spec.port <= 65_535,
      message: `port must be an integer between 1 and 65535, but ${spec.port} was provided`,
    },
    {
      condition: /^\d+$/.test(spec.clusterId) && spec.clusterId.length <= 39,
      message: `clusterId must be a decimal u128, but "${spec.clusterId}" was provided`,
    },
    {
      condition: spec.addresses === spec.replicas.map((replica) => replica.address).join(","),
      message: "addresses must be the replicas' addresses in index order, joined by commas",
    },
    {
      condition: pinned.test(spec.version),
      message: `version must be a pinned x.y.z release, but "${spec.version}" was provided`,
    },
    {
      condition: /^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(spec.dazzleVersion),
      message: `dazzleVersion must be a pinned release, but "${spec.dazzleVersion}" was provided`,
    },
    {
      condition: artifactBaseUrlProblem(spec.artifactBaseUrl) === undefined,
      message: `artifactBaseUrl "${spec.artifactBaseUrl}" cannot be used: ` +
        `${artifactBaseUrlProblem(spec.artifactBaseUrl) ?? ""}`,
    },
    {
      condition: /^(\/[A-Za-z0-9_.-]+)+$/.test(spec.ssmPrefix),
      message: `ssmPrefix must be an absolute SSM path, but "${spec.ssmPrefix}" was provided`,
    },
  ];
}

function volumeRules(spec: TigerBeetleClusterSpec): Rule[] {
  const { sizeGib, iops, throughputMibps } = spec.volume;
  const limits = gp3;
  return [
    {
      condition: Number.isInteger(sizeGib) && sizeGib >= limits.sizeGibMin &&
        sizeGib <= limits.sizeGibMax,
      message: `volume.sizeGib must be an integer between ${limits.sizeGibMin} and ` +
        `${limits.sizeGibMax}, but ${sizeGib} was provided`,
    },
    {
      condition: Number.isInteger(iops) && iops >= limits.iopsMin && iops <= limits.iopsMax,
      message: `volume.iops must be an integer between ${limits.iopsMin} and ` +
        `${limits.iopsMax}, but ${iops} was provided`,
    },
    {
      condition: iops <= limits.iopsPerGibMax * sizeGib,
      message: `volume.iops must be at most ${limits.iopsPerGibMax} per GiB ` +
        `(${limits.iopsPerGibMax * sizeGib} for ${sizeGib} GiB), but ${iops} was provided`,
    },
    {
      condition: Number.isInteger(throughputMibps) &&
        throughputMibps >= limits.throughputMibpsMin &&
        throughputMibps <= limits.throughputMibpsMax,
      message: `volume.throughputMibps must be an integer between ${limits.throughputMibpsMin} ` +
        `and ${limits.throughputMibpsMax}, but ${throughputMibps} was provided`,
    },
    {
      condition: throughputMibps <= limits.throughputMibpsPerIopsMax * iops,
      message: `volume.throughputMibps must be at most ${limits.throughputMibpsPerIopsMax} ` +
        `per provisioned IOPS, but ${throughputMibps} MiB/s with ${iops} IOPS was provided`,
    },
  ];
}

function replicaRules(
  spec: TigerBeetleClusterSpec,
  position: number,
  replica: TigerBeetleClusterSpec["replicas"][number],
): Rule[] {
  const where = `replicas[${position}]`;
  return [
    {
      condition: replica.index === position,
      message: `${where}.index must be ${position}, but ${replica.index} was provided`,
    },
    {
      condition: replica.address === `${replica.privateIp}:${spec.port}`,
      message: `${where}.address must be "${replica.privateIp}:${spec.port}", ` +
        `but "${replica.address}" was provided`,
    },
    {
      condition: ipv4InCidr(replica.privateIp, replica.subnetCidr),
      message: `${where}.privateIp ${replica.privateIp} must lie inside its subnet ` +
        `${replica.subnetCidr}`,
    },
  ];
}

/** True when `ip` is a dotted IPv4 address inside `cidr` (`a.b.c.d/n`). */
function ipv4InCidr(ip: string, cidr: string): boolean {
  const [network, prefixText] = cidr.split("/");
  const address = ipv4ToNumber(ip);
  const base = ipv4ToNumber(network ?? "");
  const prefixLength = Number(prefixText);
  if (address === undefined || base === undefined) return false;
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) return false;
  const blockSize = 2 ** (32 - prefixLength);
  return Math.floor(address / blockSize) === Math.floor(base / blockSize);
}

function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const octets = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : -1));
  if (octets.some((octet) => octet < 0 || octet > 255)) return undefined;
  return octets.reduce((total, octet) => total * 256 + octet, 0);
}
