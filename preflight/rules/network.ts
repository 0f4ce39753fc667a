/**
 * The network as the account will see it. Zone names are per account; where a region gives
 * each account its own zones, names nobody pinned may not exist (plan/availability-zones.ts).
 */
import { configSpan } from "../sources.ts";
import type { Rule } from "../types.ts";

export const availabilityZoneNamesGuessed: Rule = {
  id: "NET_AZ_NAMES_ACCOUNT_SPECIFIC",
  severity: "warn",
  title: "Availability-zone names guessed in a region that names zones per account",
  remediation: "Pin the zones your account has: `availability_zones = [\"…\", \"…\"]` in " +
    "[deploy.network], from `aws ec2 describe-availability-zones --region <region> --query " +
    "'AvailabilityZones[].ZoneName'`.",
  check(input) {
    const network = input.aws.network;
    if (!network.availabilityZonesGuessed) return [];
    const span = configSpan(input, "deploy.network") ?? configSpan(input, "region");
    return [{
      stack: "Network",
      ...(span ? { span } : {}),
      message: `${input.config.region} gives each account its own zones; ` +
        `${network.availabilityZones.join(", ")} were not chosen in dazzle.toml, and a zone ` +
        "the account lacks fails the Network stack (\"Value (…) for parameter availabilityZone " +
        "is invalid\")",
    }];
  },
};
