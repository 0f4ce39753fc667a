/**
 * AWS limits that dazzle.toml values must respect, each with where it comes from. Kept in one
 * place so a limit AWS raises is changed once (and the tests that pin it fail loudly).
 */
import { replicaCountMax, replicaCountMin } from "../ir/tigerbeetle-cluster.ts";

/**
 * Fargate task sizes (AWS ECS developer guide, "Task CPU and memory"; checked 2026-11):
 * CPU units → valid memory in MiB. 8192 and 16384 need Linux platform 1.4.0 (the default).
 */
export const fargateMemoryMibByCpu: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

/** CloudWatch Logs `retentionInDays` accepts only these values (PutRetentionPolicy API). */
export const logRetentionDaysValid: readonly number[] = [
  1,
  3,
  5,
  7,
  14,
  30,
  60,
  90,
  120,
  150,
  180,
  365,
  400,
  545,
  731,
  1096,
  1827,
  2192,
  2557,
  2922,
  3288,
  3653,
];

/** TigerBeetle instance sizes the guide supports (cost/memory trade-offs are documented). */
export const tigerBeetleSizes = ["t3.medium", "r6i.large", "r6i.xlarge", "r6i.2xlarge"] as const;

/**
 * TigerBeetle replica count: every count TigerBeetle accepts (2 and 4 are allowed here so that
 * preflight can explain TB_EVEN_NODE_COUNT; the stack refuses them).
 */
export const tigerBeetleNodeCount = { min: replicaCountMin, max: replicaCountMax } as const;

/** TigerBeetle data volume, GiB (the guide's range). */
export const tigerBeetleVolumeSizeGib = { min: 50, max: 1000 } as const;

/** The largest cluster id: TigerBeetle's cluster id is a u128. */
export const clusterIdMax = (1n << 128n) - 1n;

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}
