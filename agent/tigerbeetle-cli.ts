/**
 * Command lines of TigerBeetle's documented CLI (src/tigerbeetle/cli.zig), built in one place
 * so a test can compare them with the contract:
 *   format  --cluster=<u128> --replica=<i> --replica-count=<n> [--development] <path>
 *   recover --cluster=<u128> --addresses=<...> --replica=<i> --replica-count=<n>
 *           [--development] <path>
 *   start   --addresses=<...> [--cache-grid=<n>GiB] [--development] <path>
 * `--development` lets all three run without Direct I/O; TigerBeetle asks that either every
 * replica of a cluster has it or none does, so the agent passes it to every command or none.
 */
import type { ClusterSettings } from "./cluster-settings.ts";

export function formatArgs(settings: ClusterSettings, replica: number, development: boolean,
  path: string): string[] {
  return ["format", `--cluster=${settings.clusterId}`, `--replica=${replica}`,
    `--replica-count=${settings.replicaCount}`, ...developmentFlag(development), path];
}

export function recoverArgs(settings: ClusterSettings, replica: number, development: boolean,
  path: string): string[] {
  return ["recover", `--cluster=${settings.clusterId}`, `--addresses=${settings.addressesText}`,
    `--replica=${replica}`, `--replica-count=${settings.replicaCount}`,
    ...developmentFlag(development), path];
}

function developmentFlag(development: boolean): string[] {
  return development ? ["--development"] : [];
}

export function startArgs(settings: ClusterSettings, options: { readonly cacheGridGib: number;
  readonly development: boolean }, path: string): string[] {
  return ["start", `--addresses=${settings.addressesText}`,
    `--cache-grid=${options.cacheGridGib}GiB`, ...developmentFlag(options.development), path];
}

/** TigerBeetle's guidance: total RAM − 3 GiB (TigerBeetle) − 1 GiB (OS), at least 1 GiB. */
export function cacheGridGibFor(memoryMib: number): number {
  return Math.max(1, Math.floor((memoryMib - 4 * 1024) / 1024));
}
