import { type ReplicaAddress, parseAddresses } from "./addresses.ts";
import { replicaCountMax, replicaCountMin } from "../ir/tigerbeetle-cluster.ts";

/** What the stack writes under the SSM prefix, validated. */
export interface ClusterSettings {
  /** Decimal u128. */
  readonly clusterId: string;
  readonly replicaCount: number;
  /** Entry i is replica i. Length equals `replicaCount`. */
  readonly addresses: readonly ReplicaAddress[];
  /** The raw ordered list, passed verbatim to `--addresses`. */
  readonly addressesText: string;
  readonly version: string;
}

export interface RawClusterSettings {
  readonly clusterId?: string;
  readonly replicaCount?: string;
  readonly addresses?: string;
  readonly version?: string;
}

const u128Max = (1n << 128n) - 1n;

/**
 * Validate the stack's parameters for replica `replica`. A missing parameter is `missing` (the
 * stack may still be writing them: wait); a present but wrong one is a message (stop: never
 * start TigerBeetle on a guess).
 */
export function parseClusterSettings(
  raw: RawClusterSettings,
  replica: number,
): ClusterSettings | { readonly missing: string } | { readonly problem: string } {
  for (const key of ["clusterId", "replicaCount", "addresses", "version"] as const) {
    if (raw[key] === undefined) return { missing: key };
  }
  const clusterId = raw.clusterId!.trim();
  if (!/^\d{1,39}$/.test(clusterId) || BigInt(clusterId) > u128Max) {
    return { problem: `cluster_id '${clusterId}' is not a decimal u128` };
  }
  const replicaCount = Number(raw.replicaCount!.trim());
  if (!Number.isInteger(replicaCount) || replicaCount < replicaCountMin ||
    replicaCount > replicaCountMax) {
    const range = `${replicaCountMin}..${replicaCountMax}`;
    return { problem: `replica_count '${raw.replicaCount}' is not in ${range}` };
  }
  const addresses = parseAddresses(raw.addresses!);
  if (typeof addresses === "string") return { problem: addresses };
  if (addresses.length !== replicaCount) {
    return {
      problem: `addresses has ${addresses.length} entries but replica_count is ${replicaCount}`,
    };
  }
  if (replica >= replicaCount) {
    return { problem: `--replica ${replica} is not below replica_count ${replicaCount}` };
  }
  return {
    clusterId,
    replicaCount,
    addresses,
    addressesText: addresses.map((a) => `${a.ip}:${a.port}`).join(","),
    version: raw.version!.trim(),
  };
}
