/** dazzle versions are ordered as semver orders them (what `dazzle_version` is checked with). */
import { expect, test } from "bun:test";
import { compareReleaseVersions } from "../../plan/release-version.ts";

test("numbers compare as numbers, and a pre-release comes before its release", () => {
  const ascending = ["0.1.0-alpha", "0.1.0-alpha.1", "0.1.0-alpha.beta", "0.1.0-beta",
    "0.1.0-beta.2", "0.1.0-beta.11", "0.1.0-rc.1", "0.1.0", "0.1.1", "0.2.0", "0.10.0", "1.0.0"];
  const shuffled = [...ascending].reverse();
  expect(shuffled.sort(compareReleaseVersions)).toEqual(ascending);
  expect(compareReleaseVersions("0.1.0", "0.1.0")).toBe(0);
});
