/**
 * Where release artifacts live, shared by `scripts/release.ts` (which writes them), `install.sh`
 * (which reads them; it repeats these names in sh, and tests/ship checks they agree) and the
 * node bootstrap (which installs the same pinned binary on TigerBeetle nodes).
 *
 * Layout under a base URL (any static host: S3 + CloudFront, a web server, a file mirror):
 *   <base>/install.sh                                   the installer
 *   <base>/latest                                       one line: the newest version, e.g. 0.1.0
 *   <base>/<version>/dazzle-<version>-linux-x64.tar.gz  (and .tar.xz: smaller, preferred by
 *   <base>/<version>/dazzle-<version>-linux-arm64.tar.gz  install.sh when xz is installed)
 *   <base>/<version>/SHA256SUMS                         `sha256sum -c` format
 * The TigerBeetle stack's node bootstrap (stacks/tigerbeetle/node-bootstrap.ts) reads
 * `<artifactBaseUrl>/dazzle/<version>/...`: so `<artifactBaseUrl>/dazzle` is a valid base here,
 * and one upload serves laptops, CI runners and nodes alike.
 */

export interface ReleasePlatform {
  /** Archive suffix: `linux-x64` or `linux-arm64`. */
  readonly name: "linux-x64" | "linux-arm64";
  /** `bun build --compile --target` value. */
  readonly bunTarget: "bun-linux-x64" | "bun-linux-arm64";
  /** ELF `e_machine` the binary must have. */
  readonly elfMachine: "x86_64" | "aarch64";
  /** `uname -m` values that select this platform in install.sh. */
  readonly unameMachines: readonly string[];
}

export const releasePlatforms: readonly ReleasePlatform[] = [
  { name: "linux-x64", bunTarget: "bun-linux-x64", elfMachine: "x86_64",
    unameMachines: ["x86_64", "amd64"] },
  { name: "linux-arm64", bunTarget: "bun-linux-arm64", elfMachine: "aarch64",
    unameMachines: ["aarch64", "arm64"] },
];

/**
 * The installer's default base URL: a placeholder under the reserved `.example` TLD, so it can
 * never resolve to someone else's server. `scripts/release.ts --base-url` stamps the real one
 * into the published install.sh; `DAZZLE_BASE_URL` overrides it at install time.
 */
export const placeholderBaseUrl = "https://releases.dazzle.example";

export const checksumsFileName = "SHA256SUMS";
export const latestPointerFileName = "latest";
export const installerFileName = "install.sh";

/**
 * gzip unpacks everywhere; xz is ~25% smaller to download, so install.sh and the node bootstrap
 * take it when the host has xz and SHA256SUMS lists it.
 */
export type ArchiveFormat = "tar.gz" | "tar.xz";

export function archiveFileName(
  version: string,
  platform: ReleasePlatform["name"],
  format: ArchiveFormat = "tar.gz",
): string {
  return `dazzle-${version}-${platform}.${format}`;
}

/** The single top-level folder inside an archive; the binary is `<folder>/dazzle`. */
export function archiveFolderName(version: string, platform: ReleasePlatform["name"]): string {
  return `dazzle-${version}-${platform}`;
}

/** URL of a release file of one version. */
export function versionedUrl(baseUrl: string, version: string, fileName: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${version}/${fileName}`;
}
