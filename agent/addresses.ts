import { replicaCountMax } from "../ir/tigerbeetle-cluster.ts";

/** One `ip:port` entry of TigerBeetle's ordered `--addresses` list. */
export interface ReplicaAddress {
  readonly ip: string;
  readonly port: number;
}

const ipv4Pattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Parse the ordered list written by the stack. TigerBeetle takes IP literals only (no DNS), and
 * entry i is replica i: the list must be identical on every replica and client, so any doubt is
 * an error rather than a guess. Returns a message on failure.
 */
export function parseAddresses(text: string): readonly ReplicaAddress[] | string {
  const entries = text.trim().split(",");
  if (entries.length > replicaCountMax) {
    return `addresses has ${entries.length} entries; TigerBeetle allows at most ${replicaCountMax}`;
  }
  const result: ReplicaAddress[] = [];
  for (const entry of entries) {
    const parsed = parseAddress(entry.trim());
    if (typeof parsed === "string") return parsed;
    result.push(parsed);
  }
  const unique = new Set(result.map(formatAddress));
  if (unique.size !== result.length) return `addresses has a duplicate entry: '${text}'`;
  return result;
}

function parseAddress(entry: string): ReplicaAddress | string {
  const colon = entry.lastIndexOf(":");
  if (colon < 0) return `address '${entry}' is not ip:port`;
  const ip = entry.slice(0, colon);
  const portText = entry.slice(colon + 1);
  const octets = ipv4Pattern.exec(ip);
  if (!octets || octets.slice(1).some((octet) => Number(octet) > 255)) {
    return `address '${entry}' does not start with an IPv4 literal (TigerBeetle takes no names)`;
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65_535) {
    return `address '${entry}' has no valid port`;
  }
  return { ip, port: Number(portText) };
}

export function formatAddress(address: ReplicaAddress): string {
  return `${address.ip}:${address.port}`;
}
