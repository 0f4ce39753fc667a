/**
 * TigerBeetle cluster facts, in one place: which replica counts exist and which Dazzle deploys,
 * the quorums of Viewstamped Replication as TigerBeetle computes them, and the EBS gp3 limits
 * of the data volume. Config, plan, stacks, preflight and the agent import them from here.
 * Plain data and pure functions only (this file is copied into generated `infra/` apps).
 */

/**
 * The TigerBeetle release Dazzle pins by default (CHANGELOG.md of TigerBeetle: 0.17.8, released
 * 2026-06-19; its clients must be at least 0.16.4). Tests run a server built from its source.
 */
export const tigerBeetleReleaseDefault = "0.17.8";

/**
 * Releases TigerBeetle's own release notes say to skip (CHANGELOG.md, 0.17.8 source), and why.
 * Upgrading from 0.16.x: go straight to 0.17.8 (replace the binary on every replica; the
 * cluster switches once all have it), not through these.
 */
export const tigerBeetleReleasesToSkip: Readonly<Record<string, string>> = {
  "0.16.77": "TigerBeetle advises skipping 0.16.77 for 0.16.78 (possible liveness issue)",
  "0.17.5": "TigerBeetle advises skipping 0.17.5-0.17.7 for 0.17.8 (schema bug with pending " +
    "transfers, tigerbeetle#3808)",
  "0.17.6": "TigerBeetle advises skipping 0.17.5-0.17.7 for 0.17.8 (schema bug with pending " +
    "transfers, tigerbeetle#3808)",
  "0.17.7": "TigerBeetle advises skipping 0.17.5-0.17.7 for 0.17.8 (schema bug with pending " +
    "transfers, tigerbeetle#3808)",
};

/** TigerBeetle accepts 1..6 replicas (src/constants.zig `replicas_max`). */
export const replicaCountMin = 1;
export const replicaCountMax = 6;

/**
 * The counts Dazzle deploys. 2 and 4 are valid for TigerBeetle but tolerate no more failures
 * than 1 and 3 (see `quorums`): the plan accepts them so preflight can explain why
 * (TB_EVEN_NODE_COUNT), and the stack refuses them.
 */
export const replicaCountsDeployed: readonly number[] = [1, 3, 5, 6];

/** `tigerbeetle recover` refuses clusters below 3 replicas (src/tigerbeetle/cli.zig). */
export const recoverReplicaCountMin = 3;

/** constants.quorum_replication_max (src/config.zig). */
const quorumReplicationMax = 3;

export interface Quorums {
  /** Replicas that must hold a prepare before it commits. */
  readonly replication: number;
  /** Replicas that must take part in a view change (and that `recover` needs answering). */
  readonly viewChange: number;
  /** Every replica must have a new release before the cluster upgrades to it. */
  readonly upgrade: number;
  /** Replicas that may be down with the cluster still able to commit and change view. */
  readonly failuresTolerated: number;
}

/**
 * TigerBeetle's flexible quorums, as `quorums` in src/vsr.zig (0.17.8) computes them:
 * replication = 2 for 2 replicas, else min(3, ⌈n/2⌉); view change = 2 for 2 replicas, else
 * n − replication + 1; upgrade = n. Any replication and view-change quorum intersect.
 */
export function quorums(replicaCount: number): Quorums {
  if (!Number.isInteger(replicaCount) || replicaCount < replicaCountMin ||
    replicaCount > replicaCountMax) {
    throw new RangeError(`replica count ${replicaCount} is not in ${replicaCountMin}..` +
      `${replicaCountMax}`);
  }
  const replication = replicaCount === 2 ?
    2
    : Math.min(quorumReplicationMax, Math.ceil(replicaCount / 2));
  const viewChange = replicaCount === 2 ? 2 : replicaCount - replication + 1;
  return {
    replication,
    viewChange,
    upgrade: replicaCount,
    failuresTolerated: replicaCount - Math.max(replication, viewChange),
  };
}

/**
 * EBS gp3 limits (EBS user guide, "General Purpose SSD volumes"; raised in 2025): size
 * 1–65,536 GiB, 3,000–80,000 IOPS at most 500 per GiB, 125–2,000 MiB/s at most 0.25 MiB/s per
 * provisioned IOPS.
 */
export const gp3 = {
  sizeGibMin: 1,
  sizeGibMax: 65_536,
  iopsMin: 3_000,
  iopsMax: 80_000,
  iopsPerGibMax: 500,
  throughputMibpsMin: 125,
  throughputMibpsMax: 2_000,
  throughputMibpsPerIopsMax: 0.25,
} as const;

/**
 * Memory of one replica host, in MiB. TigerBeetle allocates everything at start-up: the grid
 * cache (`--cache-grid`) plus a fixed part. Measured with TigerBeetle 0.17.8 (production mode:
 * Direct I/O, memory locked): `--cache-grid=1GiB` → 3,086 MiB allocated (peak RSS 3,097 MiB),
 * `--cache-grid=2GiB` → 4,110 MiB (4,121 MiB): a fixed 2,062 MiB plus ~11 MiB of binary and
 * stacks. The headroom is TigerBeetle's advice for the OS (1 GiB), which also holds the agent
 * (≤ 100 MiB) and the CloudWatch and SSM agents. See docs/agent.md, "Memory".
 */
export const memorySizing = {
  tigerBeetleFixedMib: 2_073,
  hostHeadroomMib: 1_024,
  /** The grid cache grows in these steps; TigerBeetle warns below 1 GiB but runs. */
  cacheGridStepMib: 256,
  cacheGridMinMib: 256,
  /** TigerBeetle's hardware guide: at least 6 GiB of RAM per production machine. */
  productionMemoryMinMib: 6 * 1024,
} as const;

/** Memory a host needs to run a replica with this grid cache. */
export function memoryRequiredMib(cacheGridMib: number): number {
  return cacheGridMib + memorySizing.tigerBeetleFixedMib + memorySizing.hostHeadroomMib;
}

/**
 * The default grid cache for a host: as large as possible (TigerBeetle's advice), in 256 MiB
 * steps, at least 256 MiB. On a host too small even for that, `memoryRequiredMib` exceeds its
 * memory. 16 GiB → 12 GiB, 32 GiB → 28.75 GiB, 4 GiB → 768 MiB.
 */
export function cacheGridMibFor(memoryMib: number): number {
  const { cacheGridStepMib: step, cacheGridMinMib: min } = memorySizing;
  const available = memoryMib - memorySizing.tigerBeetleFixedMib - memorySizing.hostHeadroomMib;
  return Math.max(min, Math.floor(available / step) * step);
}

/** TigerBeetle's size syntax: whole GiB as `<n>GiB`, anything else as `<n>MiB`. */
export function sizeText(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}GiB` : `${mib}MiB`;
}
