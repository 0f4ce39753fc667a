/**
 * Build the release: per platform, compile the binary, check it is the right machine type and
 * prints the right version, pack a reproducible archive; then write SHA256SUMS, the `latest`
 * pointer and the installer (with the real base URL stamped in). Effects are injected so the
 * steps can be tested without compiling, and `scripts/release.ts` wires the real ones.
 */
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { formatSha256Sums, sha256Hex, type FileChecksum } from "./checksums.ts";
import { readElfIdentity } from "./elf.ts";
import { writeAtomically } from "./write-atomically.ts";
import type { CompressionCache, Compressor } from "./compression-cache.ts";
import { gzipTar, gzipSettings, packTar } from "./pack-archive.ts";
import { archiveFileName, archiveFolderName, checksumsFileName, installerFileName,
  latestPointerFileName, placeholderBaseUrl, type ReleasePlatform } from "./release-layout.ts";

export interface ReleaseOptions {
  /** Repository root: holds install.sh, LICENSE and README.md. */
  readonly rootDir: string;
  readonly outDir: string;
  /** Scratch folder outside the repository (the binary must run without node_modules). */
  readonly workDir: string;
  readonly version: string;
  readonly platforms: readonly ReleasePlatform[];
  readonly mtimeSeconds: number;
  /** Stamped into the published install.sh as its default; absent keeps the placeholder. */
  readonly baseUrl?: string;
}

/** How a binary's `--version` check went. */
export type VersionCheck =
  | { readonly kind: "ran"; readonly output: string; readonly runner: string }
  | { readonly kind: "skipped"; readonly reason: string };

export interface ReleaseDeps {
  /** Compile the dazzle binary for `platform` to `outfile`. */
  readonly buildBinary: (platform: ReleasePlatform, outfile: string) => Promise<void>;
  /** Run `<binary> --version` natively or under an emulator, or say why it cannot. */
  readonly runVersion: (platform: ReleasePlatform, binary: string) => Promise<VersionCheck>;
  /**
   * The commit the tree is at (short hash). Read before and after each build: in a tree that
   * moves while we build, the binary must name one of the two.
   */
  readonly headCommit: () => Promise<string>;
  readonly log: (line: string) => void;
  /** Compress a tar with xz (`settings`: its exact arguments); absent = publish .tar.gz only. */
  readonly compressXz?: { readonly settings: string; readonly compress: Compressor };
  /** Reuse archives compressed from the same tar before (tests; never for publishing). */
  readonly compressionCache?: CompressionCache;
}

/** One written archive file. */
export interface ArchiveFile {
  readonly fileName: string;
  readonly path: string;
  readonly sizeBytes: number;
  readonly sha256Hex: string;
}

export interface ReleaseArtifact {
  readonly platform: ReleasePlatform["name"];
  readonly fileName: string;
  readonly path: string;
  readonly sizeBytes: number;
  readonly binarySizeBytes: number;
  readonly sha256Hex: string;
  readonly versionCheck: VersionCheck;
  /** The same tar compressed with xz, when the release had a compressor. */
  readonly xz?: ArchiveFile;
}

export interface ReleaseResult {
  readonly artifacts: readonly ReleaseArtifact[];
  readonly checksumsPath: string;
}

const documentNames = ["LICENSE", "README.md"] as const;

export async function buildRelease(
  options: ReleaseOptions,
  deps: ReleaseDeps,
): Promise<ReleaseResult> {
  if (options.platforms.length === 0) throw new Error("release needs at least one platform");
  // Checked first: a bad URL should not cost a build.
  if (options.baseUrl !== undefined && !/^https:\/\/[^\s'"$`\\]+$/.test(options.baseUrl)) {
    // install.sh refuses plain http off this machine, and the URL lands in a sh string.
    throw new Error(`--base-url must be a plain https:// URL, got ${options.baseUrl}`);
  }
  await mkdir(options.outDir, { recursive: true });
  await mkdir(options.workDir, { recursive: true });
  const documents = await readDocuments(options.rootDir);
  const artifacts: ReleaseArtifact[] = [];
  for (const platform of options.platforms) {
    artifacts.push(await releasePlatform(options, deps, platform, documents));
  }
  const checksums: FileChecksum[] = artifacts.flatMap((a) => [
    { fileName: a.fileName, sha256Hex: a.sha256Hex },
    ...(a.xz ? [{ fileName: a.xz.fileName, sha256Hex: a.xz.sha256Hex }] : []),
  ]);
  const checksumsPath = join(options.outDir, checksumsFileName);
  await writeAtomically(checksumsPath, new TextEncoder().encode(formatSha256Sums(checksums)));
  await writeAtomically(join(options.outDir, latestPointerFileName),
    new TextEncoder().encode(`${options.version}\n`));
  await writeInstaller(options);
  return { artifacts, checksumsPath };
}

async function releasePlatform(
  options: ReleaseOptions,
  deps: ReleaseDeps,
  platform: ReleasePlatform,
  documents: ReadonlyMap<string, Uint8Array>,
): Promise<ReleaseArtifact> {
  const binaryPath = join(options.workDir, platform.name, "dazzle");
  await rm(binaryPath, { force: true });
  await mkdir(join(options.workDir, platform.name), { recursive: true });
  deps.log(`building ${platform.name} (${platform.bunTarget})`);
  const commitBefore = await deps.headCommit();
  await deps.buildBinary(platform, binaryPath);
  const commits = [commitBefore, await deps.headCommit()];
  const binary = new Uint8Array(await readFile(binaryPath));
  assertMachine(platform, binary);
  const versionCheck = await deps.runVersion(platform, binaryPath);
  assertVersionOutput(options.version, commits, platform, versionCheck);
  deps.log(versionCheck.kind === "ran"
    ? `${platform.name}: ${versionCheck.output.trim()} (via ${versionCheck.runner})`
    : `${platform.name}: --version not run: ${versionCheck.reason}`);
  const inputs = { folderName: archiveFolderName(options.version, platform.name), binary, documents,
    mtimeSeconds: options.mtimeSeconds };
  const tar = packTar(inputs);
  const compressed = async (settings: string, compress: Compressor) => {
    if (!deps.compressionCache) return compress(tar);
    const { bytes, reused } = await deps.compressionCache.compressed(settings, tar, compress);
    if (reused) deps.log(`${platform.name}: ${settings}: reused from the compression cache`);
    return bytes;
  };
  const archive = await compressed(gzipSettings, (bytes) => Promise.resolve(gzipTar(bytes)));
  const fileName = archiveFileName(options.version, platform.name);
  const path = join(options.outDir, fileName);
  await writeAtomically(path, archive);
  const xz = deps.compressXz
    ? await writeXzArchive(options, platform,
      await compressed(deps.compressXz.settings, deps.compressXz.compress))
    : undefined;
  return {
    ...(xz ? { xz } : {}),
    platform: platform.name,
    fileName,
    path,
    sizeBytes: archive.length,
    binarySizeBytes: binary.length,
    sha256Hex: sha256Hex(archive),
    versionCheck,
  };
}

async function writeXzArchive(
  options: ReleaseOptions,
  platform: ReleasePlatform,
  compressed: Uint8Array,
): Promise<ArchiveFile> {
  const fileName = archiveFileName(options.version, platform.name, "tar.xz");
  const path = join(options.outDir, fileName);
  await writeAtomically(path, compressed);
  return { fileName, path, sizeBytes: compressed.length, sha256Hex: sha256Hex(compressed) };
}

function assertMachine(platform: ReleasePlatform, binary: Uint8Array): void {
  const identity = readElfIdentity(binary.subarray(0, 64));
  if (!identity) throw new Error(`${platform.name}: the built file is not an ELF binary`);
  if (identity.machine !== platform.elfMachine || !identity.is64Bit) {
    throw new Error(`${platform.name}: binary is built for ${identity.machine} ` +
      `(e_machine ${identity.machineCode}), expected ${platform.elfMachine}`);
  }
}

function assertVersionOutput(
  version: string,
  commits: readonly string[],
  platform: ReleasePlatform,
  check: VersionCheck,
): void {
  if (check.kind === "skipped") return;
  const printed = JSON.stringify(check.output);
  if (!check.output.includes(version)) {
    throw new Error(`${platform.name}: 'dazzle --version' printed ${printed}, ` +
      `which lacks the version ${JSON.stringify(version)}`);
  }
  if (!commits.some((commit) => check.output.includes(commit))) {
    throw new Error(`${platform.name}: 'dazzle --version' printed ${printed}, ` +
      `which lacks the commit ${JSON.stringify(commits[0])}`);
  }
}

async function readDocuments(rootDir: string): Promise<Map<string, Uint8Array>> {
  const documents = new Map<string, Uint8Array>();
  for (const name of documentNames) {
    try {
      documents.set(name, new Uint8Array(await readFile(join(rootDir, name))));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return documents;
}

/** The published installer: install.sh with its default base URL set to the real one. */
async function writeInstaller(options: ReleaseOptions): Promise<void> {
  const source = await readFile(join(options.rootDir, installerFileName), "utf8");
  if (!source.includes(placeholderBaseUrl)) {
    throw new Error(`${installerFileName} no longer contains ${placeholderBaseUrl}`);
  }
  const published = options.baseUrl === undefined
    ? source
    : source.replaceAll(placeholderBaseUrl, options.baseUrl.replace(/\/+$/, ""));
  await writeAtomically(join(options.outDir, installerFileName),
    new TextEncoder().encode(published), 0o755);
}
