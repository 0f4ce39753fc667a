/**
 * Availability-zone names when dazzle.toml names none. AWS names zones per account, and not
 * every region has zones `a`, `b` and `c`: `ap-northeast-1b` is closed to accounts created
 * since 2013 and `ca-central-1c` never existed (cfn-lint's region data lists a, c, d and
 * a, b, d). In `us-west-1` each account sees two zones out of a, b and c, so no default is
 * certain there; the plan warns and preflight reports it (`NET_AZ_NAMES_ACCOUNT_SPECIFIC`).
 * A wrong name fails the Network stack at once ("Value (…) for parameter availabilityZone is
 * invalid"); `availability_zones = [...]` pins the names an account really has.
 */

/** Zone letters of regions whose zones are not a, b, c. */
const zoneLettersByRegion: Readonly<Record<string, readonly string[]>> = {
  "ap-northeast-1": ["a", "c", "d"],
  "ca-central-1": ["a", "b", "d"],
  "us-west-1": ["a", "c"],
};

const commonZoneLetters = ["a", "b", "c"] as const;

/** Regions where the zone names depend on the account: any default is a guess. */
const accountSpecificZoneRegions: ReadonlySet<string> = new Set(["us-west-1"]);

/** The first `count` default zone names of `region` (fewer when the region has fewer). */
export function defaultAvailabilityZones(region: string, count: number): string[] {
  const letters = zoneLettersByRegion[region] ?? commonZoneLetters;
  return letters.slice(0, count).map((letter) => `${region}${letter}`);
}

/** Whether default zone names in `region` may not exist for a given account. */
export function zoneNamesAreAccountSpecific(region: string): boolean {
  return accountSpecificZoneRegions.has(region);
}
