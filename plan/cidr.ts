/**
 * IPv4 arithmetic for planning subnets exactly as `ec2.Vpc` allocates them: subnets are taken
 * in order (per subnet group, per AZ), each aligned up to a multiple of its own size. The
 * Network and TigerBeetle stacks check at synth that the VPC agrees with this plan.
 */

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) return undefined;
  const prefix = Number(match[5]);
  if (prefix > 32) return undefined;
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const size = blockSize(prefix);
  if (address % size !== 0) return undefined;
  return { base: address, prefix };
}

function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function formatIp(address: number): string {
  const octets: number[] = [];
  let remaining = address;
  for (let index = 0; index < 4; index++) {
    octets.unshift(remaining % 256);
    remaining = Math.floor(remaining / 256);
  }
  return octets.join(".");
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.base)}/${cidr.prefix}`;
}

/**
 * Allocate `count` subnets of `prefix` after `cursor` (aligned up), as the VPC does.
 * Returns the subnets and the next free address, or undefined when they do not fit.
 */
export function allocateSubnets(
  network: Cidr,
  cursor: number,
  prefix: number,
  count: number,
): { readonly subnets: Cidr[]; readonly cursor: number } | undefined {
  const size = blockSize(prefix);
  const subnets: Cidr[] = [];
  let next = Math.ceil(cursor / size) * size;
  for (let index = 0; index < count; index++) {
    if (next + size > network.base + blockSize(network.prefix)) return undefined;
    subnets.push({ base: next, prefix });
    next += size;
  }
  return { subnets, cursor: next };
}
