/**
 * One upload serves laptops, CI and nodes: the node bootstrap's dazzle URLs are the installer's
 * URLs under `<artifactBaseUrl>/dazzle`, for both architectures.
 */
import { expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { artifactLocations } from "../../stacks/tigerbeetle/node-bootstrap.ts";
import { archiveFileName, checksumsFileName, placeholderBaseUrl,
  versionedUrl } from "../../ship/release-layout.ts";

const settings = {
  app: "wallet",
  environment: "staging",
  region: "eu-west-2",
  replicaIndex: 0,
  ssmPrefix: "/wallet/staging/tigerbeetle",
  metricsNamespace: "Dazzle/wallet",
  logGroupName: "/wallet/staging/tigerbeetle",
  signalStack: "s",
  signalResource: "r",
  dazzleVersion: "1.2.3",
  tigerbeetleVersion: "0.16.60",
  artifactBaseUrl: "https://artifacts.test/base/",
} as const;

for (const [architecture, platform] of [["x86_64", "linux-x64"], ["arm64",
  "linux-arm64"]] as const) {
  test(`node bootstrap fetches the ${platform} archives where install.sh would`, () => {
    const { dazzle } = artifactLocations({ ...settings, architecture });
    const installerBase = "https://artifacts.test/base/dazzle";
    expect(dazzle.fileName).toBe(archiveFileName("1.2.3", platform));
    expect(dazzle.url).toBe(versionedUrl(installerBase, "1.2.3", dazzle.fileName));
    expect(dazzle.checksumsUrl).toBe(versionedUrl(installerBase, "1.2.3", checksumsFileName));
    expect(dazzle.xzFileName).toBe(archiveFileName("1.2.3", platform, "tar.xz"));
    expect(dazzle.xzUrl).toBe(versionedUrl(installerBase, "1.2.3", dazzle.xzFileName));
  });
}

test("install.sh fetches <base>/<version>/<archive> and defaults to the placeholder", async () => {
  const script = await readFile(join(import.meta.dir, "..", "..", "install.sh"), "utf8");
  expect(script).toContain("release_url=\"$base_url/$version\"");
  // The installer spells the archive names of ship/release-layout.ts in sh.
  const shName = (format: "tar.gz" | "tar.xz") =>
    archiveFileName("$version", "$platform" as "linux-x64", format);
  expect(script).toContain(`xz_archive="${shName("tar.xz")}"`);
  expect(script).toContain(`echo "${shName("tar.gz")}"`);
  expect(script).toContain(`DEFAULT_BASE_URL="${placeholderBaseUrl}"`);
});
