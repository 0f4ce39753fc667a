/** `[deploy.network]`: VPC address range, availability zones and NAT gateways. */
import type { NetworkConfig } from "../ir/deploy-config.ts";
import { readInteger, readString, report, tomlTypeName, type ConfigReader,
  type Section } from "./reader.ts";

/**
 * Prefix lengths we accept: /16 gives room for every subnet tier in 3 AZs; a prefix longer than
 * /20 cannot hold three tiers of /24 subnets in three AZs.
 */
const vpcPrefixLength = { min: 16, max: 20 } as const;
/** ALB and Aurora need two AZs; three is the most the stacks spread replicas over. */
const availabilityZoneCount = { min: 2, max: 3 } as const;

const cidrPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function readNetwork(
  reader: ConfigReader,
  section: Section,
  defaults: NetworkConfig,
  region: string,
): NetworkConfig {
  const vpcCidr = readVpcCidr(reader, section);
  const zones = readAvailabilityZones(reader, section, region);
  const zoneCount = zones.list?.length ?? zones.count ?? defaults.availabilityZoneCount;
  const natGateways = readInteger(reader, section, "nat_gateways", { min: 0, max: zoneCount });
  // The default NAT count follows the AZ count in prod (one per AZ), else stays at one.
  const natDefault = defaults.natGateways === defaults.availabilityZoneCount
    ? zoneCount
    : Math.min(defaults.natGateways, zoneCount);
  return {
    vpcCidr: vpcCidr ?? defaults.vpcCidr,
    availabilityZoneCount: zoneCount,
    ...(zones.list ? { availabilityZones: zones.list } : {}),
    natGateways: natGateways ?? natDefault,
  };
}

function readVpcCidr(reader: ConfigReader, section: Section): string | undefined {
  const path = `${section.path}.vpc_cidr`;
  const value = readString(reader, section, "vpc_cidr", {
    pattern: cidrPattern,
    expected: "an IPv4 CIDR block like \"10.0.0.0/16\"",
  });
  if (value === undefined) return undefined;
  const parts = cidrPattern.exec(value)!.slice(1).map(Number);
  const prefix = parts[4]!;
  if (parts.slice(0, 4).some((octet) => octet > 255) ||
    prefix < vpcPrefixLength.min || prefix > vpcPrefixLength.max) {
    report(reader, path, "config/outOfRange",
      `'${path}' must be an IPv4 CIDR block with a prefix from /${vpcPrefixLength.min} to ` +
        `/${vpcPrefixLength.max}, but it is "${value}"`);
    return undefined;
  }
  return value;
}

/** `availability_zones = 3` (a count) or `["eu-west-2a", "eu-west-2b"]` (explicit names). */
function readAvailabilityZones(
  reader: ConfigReader,
  section: Section,
  region: string,
): { count?: number; list?: readonly string[] } {
  const path = `${section.path}.availability_zones`;
  const value = section.values["availability_zones"];
  if (!Array.isArray(value)) {
    const count = readInteger(reader, section, "availability_zones", availabilityZoneCount);
    return count === undefined ? {} : { count };
  }
  reader.sources[path] = reader.locations.get(path)!;
  const names = value.filter((item): item is string => typeof item === "string");
  if (names.length !== value.length) {
    const wrong = value.find((item) => typeof item !== "string");
    report(reader, path, "config/wrongType",
      `'${path}' must be a count or a list of zone names, but the list holds ` +
        tomlTypeName(wrong));
    return {};
  }
  if (names.length < availabilityZoneCount.min || names.length > availabilityZoneCount.max ||
    new Set(names).size !== names.length) {
    report(reader, path, "config/outOfRange",
      `'${path}' must list ${availabilityZoneCount.min} to ${availabilityZoneCount.max} ` +
        `distinct zones, but it lists ${names.length}` +
        (new Set(names).size !== names.length ? " with duplicates" : ""));
    return {};
  }
  const foreign = names.find((name) => !new RegExp(`^${region}[a-z]$`).test(name));
  if (foreign !== undefined) {
    report(reader, path, "config/invalidCombination",
      `'${path}' holds "${foreign}", which is not a zone of region ${region}`,
      `zone names are the region followed by a letter, e.g. "${region}a"`);
    return {};
  }
  return { list: names };
}
