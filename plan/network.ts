/**
 * Network plan: literal AZ names, subnet tiers and their CIDRs, NAT gateways, flow logs.
 */
import type { DeployConfig } from "../ir/deploy-config.ts";
import type { NetworkSpec, SubnetTierSpec } from "../ir/aws-requirements.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { defaultAvailabilityZones, zoneNamesAreAccountSpecific } from "./availability-zones.ts";
import { planCode } from "./codes.ts";
import { allocateSubnets, formatCidr, parseCidr, type Cidr } from "./cidr.ts";
import { removalPolicyFor } from "./environment.ts";

/**
 * VPC prefixes we can lay out: public and isolated subnets are 1/256 of the VPC and private
 * ones 1/16 (the tasks and TigerBeetle replicas live there), and a subnet may not be smaller
 * than /28, so the VPC is /16 to /20.
 */
const vpcPrefixMin = 16;
const vpcPrefixMax = 20;
const availabilityZoneCountMin = 2;
const availabilityZoneCountMax = 3;

export interface NetworkPlanOptions {
  /**
   * A TigerBeetle cluster of 3 or more replicas only survives an AZ outage over 3 AZs, so when
   * the user chose no AZs the plan uses 3 for it (subnets cost nothing; NAT count is unchanged).
   */
  readonly ledgerReplicaCount: number;
}

export function planNetwork(
  config: DeployConfig,
  options: NetworkPlanOptions,
  diagnostics: Diagnostic[],
): NetworkSpec {
  const network = config.network;
  const zoneCountChosen = config.sources["deploy.network.availability_zones"] !== undefined;
  const zoneCount = !zoneCountChosen && options.ledgerReplicaCount >= 3
    ? availabilityZoneCountMax
    : network.availabilityZoneCount;
  const availabilityZones = network.availabilityZones ??
    defaultAvailabilityZones(config.region, zoneCount);
  const azCount = availabilityZones.length;
  const problems: string[] = [];
  if (!network.availabilityZones && zoneCountChosen && azCount < zoneCount) {
    problems.push(
      `availability_zones = ${zoneCount}, but accounts get ${azCount} zones in ${config.region}`,
    );
  }
  const availabilityZonesGuessed = !network.availabilityZones &&
    zoneNamesAreAccountSpecific(config.region);
  if (availabilityZonesGuessed) warnZoneNamesGuessed(config, availabilityZones, diagnostics);
  if (azCount < availabilityZoneCountMin || azCount > availabilityZoneCountMax) {
    problems.push(`${azCount} availability zones (expected 2 or 3)`);
  }
  if (network.natGateways < 1) {
    problems.push("0 NAT gateways (private subnets with egress need at least 1; the tasks pull " +
      "images and reach AWS APIs through it)");
  } else if (network.natGateways > azCount) {
    problems.push(`${network.natGateways} NAT gateways for ${azCount} AZs (at most one per AZ)`);
  }
  const vpc = parseCidr(network.vpcCidr);
  if (!vpc) problems.push(`VPC CIDR "${network.vpcCidr}" is not a valid network address/prefix`);
  else if (vpc.prefix < vpcPrefixMin || vpc.prefix > vpcPrefixMax) {
    problems.push(`VPC CIDR "${network.vpcCidr}" has prefix /${vpc.prefix} (expected /16 to /20)`);
  }
  const subnets = vpc && problems.length === 0 ? layOutSubnets(vpc, azCount) : undefined;
  if (!subnets) {
    for (const problem of problems) {
      diagnostics.push({ ...planCode("plan/invalidNetwork"),
        message: `[deploy.network]: ${problem}`,
        ...(config.sources["deploy.network"] ? { span: config.sources["deploy.network"] } : {}) });
    }
  }
  return {
    vpcCidr: network.vpcCidr,
    availabilityZones,
    availabilityZonesGuessed,
    natGateways: network.natGateways,
    subnets: subnets ?? emptySubnets(),
    flowLogRetentionDays: config.observability.logRetentionDays,
    logRemovalPolicy: removalPolicyFor(config.environment, "retain"),
  };
}

/** In a region where zone names differ between accounts, the default names are a guess. */
function warnZoneNamesGuessed(
  config: DeployConfig,
  availabilityZones: readonly string[],
  diagnostics: Diagnostic[],
): void {
  diagnostics.push({ ...planCode("plan/availabilityZonesGuessed"),
    message: `${config.region} gives each account its own ${availabilityZones.length} ` +
      `availability zones; ${availabilityZones.join(", ")} are a guess, and a zone the ` +
      "account lacks fails the Network stack",
    hint: "pin the account's zones: `availability_zones = [...]` in [deploy.network], from " +
      `\`aws ec2 describe-availability-zones --region ${config.region} --query ` +
      "'AvailabilityZones[].ZoneName'`",
    ...(config.sources["deploy.network"] ? { span: config.sources["deploy.network"] } : {}) });
}

function layOutSubnets(vpc: Cidr, azCount: number): NetworkSpec["subnets"] | undefined {
  const tiers: readonly [string, number][] = [
    ["Public", vpc.prefix + 8],
    ["Private", vpc.prefix + 4],
    ["Isolated", vpc.prefix + 8],
  ];
  const planned: SubnetTierSpec[] = [];
  let cursor = vpc.base;
  for (const [name, cidrMask] of tiers) {
    const allocation = allocateSubnets(vpc, cursor, cidrMask, azCount);
    if (!allocation) return undefined;
    cursor = allocation.cursor;
    planned.push({ name, cidrMask, cidrs: allocation.subnets.map(formatCidr) });
  }
  return { public: planned[0]!, private: planned[1]!, isolated: planned[2]! };
}

function emptySubnets(): NetworkSpec["subnets"] {
  const tier = (name: string): SubnetTierSpec => ({ name, cidrMask: 24, cidrs: [] });
  return { public: tier("Public"), private: tier("Private"), isolated: tier("Isolated") };
}
