/**
 * Order of dazzle release versions (`x.y.z` with an optional `-pre.release`), as semver
 * orders them: numbers compare as numbers, and a pre-release comes before its release.
 */
export function compareReleaseVersions(a: string, b: string): number {
  const [coreA, preA] = splitVersion(a);
  const [coreB, preB] = splitVersion(b);
  for (let part = 0; part < 3; part++) {
    const difference = (coreA[part] ?? 0) - (coreB[part] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return comparePreRelease(preA.split("."), preB.split("."));
}

function splitVersion(version: string): [number[], string | undefined] {
  const dash = version.indexOf("-");
  const core = dash < 0 ? version : version.slice(0, dash);
  return [core.split(".").map(Number), dash < 0 ? undefined : version.slice(dash + 1)];
}

/** Numeric identifiers compare as numbers and before alphanumeric ones; fewer fields first. */
function comparePreRelease(a: readonly string[], b: readonly string[]): number {
  for (let field = 0; field < Math.min(a.length, b.length); field++) {
    const [x, y] = [a[field]!, b[field]!];
    if (x === y) continue;
    const [xNumeric, yNumeric] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (xNumeric && yNumeric) return Math.sign(Number(x) - Number(y));
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}
