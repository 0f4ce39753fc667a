/**
 * The rehearsal's one address translation: every IP in the templates (a.b.c.d, private VPC
 * addresses such as 10.0.16.10) becomes the loopback address 127.b.c.d (127.0.16.10). All of
 * 127.0.0.0/8 is routed to `lo` on Linux, so each replica gets its own address and the
 * template's port, and no packet leaves loopback. Keeping b.c.d makes the mapping one-to-one
 * for any VPC of at most a /8, and readable in logs; the first octet is the only change.
 */

export function loopbackIp(templateIp: string): string {
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(templateIp);
  if (!octets) throw new Error(`not an IPv4 address: ${templateIp}`);
  const mapped = `127.${octets[2]}.${octets[3]}.${octets[4]}`;
  if (mapped === "127.0.0.1") throw new Error(`${templateIp} would map onto 127.0.0.1`);
  return mapped;
}

/** `10.0.16.0/20` → `127.0.16.0/20`; prefixes shorter than /8 cannot be mapped. */
export function loopbackCidr(templateCidr: string): string {
  const [ip, prefix] = templateCidr.split("/");
  if (ip === undefined || prefix === undefined || Number(prefix) < 8) {
    throw new Error(`cannot map CIDR ${templateCidr} into 127.0.0.0/8`);
  }
  return `${loopbackIp(ip)}/${prefix}`;
}

/** An ordered `ip:port,ip:port` list, each IP mapped, order and ports kept. */
export function loopbackAddresses(templateAddresses: string): string {
  return templateAddresses.split(",").map((entry) => {
    const colon = entry.lastIndexOf(":");
    return `${loopbackIp(entry.slice(0, colon))}:${entry.slice(colon + 1)}`;
  }).join(",");
}

/** Check that a set of template IPs maps one-to-one (no two onto the same loopback IP). */
export function assertOneToOne(templateIps: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const ip of templateIps) {
    const mapped = loopbackIp(ip);
    const other = seen.get(mapped);
    if (other !== undefined && other !== ip) {
      throw new Error(`${ip} and ${other} both map to ${mapped}`);
    }
    seen.set(mapped, ip);
  }
}
