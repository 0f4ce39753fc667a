/**
 * Command lines of TigerBeetle's documented CLI (src/tigerbeetle/cli.zig), built in one place
 * so a test can compare them with the contract:
 *   format  --cluster=<u128> --replica=<i> --replica-count=<n> [--development] <path>
 *   recover --cluster=<u128> --addresses=<...> --replica=<i> --replica-count=<n>
 *           [--development] <path>
 *   start   --addresses=<...> [--cache-grid=<n>GiB|<n>MiB] [--development] <path>
 *   repl    --cluster=<u128> --addresses=<...> --command=<statements>
 * `--development` lets all three run without Direct I/O; TigerBeetle asks that either every
 * replica of a cluster has it or none does, so the agent passes it to every command or none.
 */
import { sizeText } from "../ir/tigerbeetle-cluster.ts";
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

export function startArgs(settings: ClusterSettings,
  options: { readonly cacheGridMib: number; readonly development: boolean },
  path: string): string[] {
  return ["start", `--addresses=${settings.addressesText}`,
    `--cache-grid=${sizeText(options.cacheGridMib)}`, ...developmentFlag(options.development),
    path];
}

/**
 * A client request the cluster must answer: `repl` registers a client session (which commits
 * through consensus) and looks up one account. Used once, to tell that the cluster serves.
 */
export function clientRequestArgs(settings: ClusterSettings): string[] {
  return ["repl", `--cluster=${settings.clusterId}`, `--addresses=${settings.addressesText}`,
    "--command=lookup_accounts id=1;"];
}

/**
 * The cluster answered: the lookup found the account (exit 0), or the repl reports it found
 * none, which it does (with exit 1) only after the cluster answered (src/repl.zig).
 */
export function clientRequestAnswered(exit: { readonly code: number | null },
  lines: readonly string[]): boolean {
  return exit.code === 0 ||
    (exit.code === 1 && lines.some((line) => line.trim() === "No accounts were found."));
}
