/**
 * Where each artifact's bytes come from, and why they can be trusted:
 * - TigerBeetle's release zips are downloaded from its releases (or a mirror of them) and must
 *   match the SHA-256 digests its GitHub release lists for them (or digests given on the
 *   command line): TigerBeetle publishes no SHA256SUMS, but GitHub records each asset's digest.
 * - dazzle's archives come from a dazzle release base and must match its SHA256SUMS (the same
 *   check install.sh makes), or, for this binary's own platform, are packed from this binary.
 * A download that does not match is refused, never uploaded.
 */
import { parseSha256Sums, sha256Hex, ChecksumsFileError } from "../checksums.ts";
import { readElfIdentity } from "../elf.ts";
import { packArchive } from "../pack-archive.ts";
import { archiveFolderName, checksumsFileName, versionedUrl } from "../release-layout.ts";
import { DownloadError, type Downloader } from "./download.ts";
import { releasePlatformOf, type NodeArchitecture, type NodeArtifactNames } from "./layout.ts";
import type { ProgressSink } from "./progress.ts";

/** TigerBeetle's own release downloads and the GitHub API that lists their digests. */
export const tigerbeetleReleaseDefaults = {
  downloadBaseUrl: "https://github.com/tigerbeetle/tigerbeetle/releases/download",
  releaseApiUrl: "https://api.github.com/repos/tigerbeetle/tigerbeetle",
} as const;

/** One file to put below the base: its key (relative to the base) and verified bytes. */
export interface ArtifactFile {
  readonly folder: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
  /** Where it came from, for the report: a URL or "this binary". */
  readonly origin: string;
}

export class ArtifactSourceError extends Error {
  override readonly name = "ArtifactSourceError";
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

export interface TigerBeetleSource {
  readonly downloadBaseUrl: string;
  readonly releaseApiUrl: string;
  /** Digests given by the user, per architecture; they replace the release API's. */
  readonly pinnedSha256: ReadonlyMap<NodeArchitecture, string>;
}

export interface DazzleSource {
  /** A dazzle release base (`<base>/<version>/SHA256SUMS`, archives beside it). */
  readonly releaseBaseUrl?: string;
  /** This binary, when it is a compiled dazzle for Linux: packed for its own platform. */
  readonly self?: { readonly version: string; readonly binary: () => Promise<Uint8Array> };
}

export interface GatherInputs {
  readonly names: NodeArtifactNames;
  readonly versions: { readonly dazzle: string; readonly tigerbeetle: string };
  readonly architectures: readonly NodeArchitecture[];
  readonly tigerbeetle: TigerBeetleSource;
  readonly dazzle: DazzleSource;
  readonly download: Downloader;
  readonly progress: ProgressSink;
}

export async function gatherArtifacts(inputs: GatherInputs): Promise<ArtifactFile[]> {
  return [...await dazzleArchives(inputs), ...await tigerbeetleZips(inputs)];
}

async function tigerbeetleZips(inputs: GatherInputs): Promise<ArtifactFile[]> {
  const { names, versions, tigerbeetle } = inputs;
  const unpinned = inputs.architectures.filter((arch) => !tigerbeetle.pinnedSha256.has(arch));
  const listed = unpinned.length > 0
    ? await releaseDigests(inputs, versions.tigerbeetle) :
    new Map<string, string>();
  const files: ArtifactFile[] = [];
  for (const architecture of inputs.architectures) {
    const fileName = names.tigerbeetle.zips.get(architecture)!;
    const expected = tigerbeetle.pinnedSha256.get(architecture) ?? listed.get(fileName);
    if (expected === undefined) {
      throw new ArtifactSourceError(`TigerBeetle release ${versions.tigerbeetle} lists no ` +
        `SHA-256 digest for ${fileName}`, `check the version, or pass --tigerbeetle-sha256 ` +
        `${architecture}=<sha256 of ${fileName}> from a source you trust`);
    }
    const url = versionedUrl(tigerbeetle.downloadBaseUrl, versions.tigerbeetle, fileName);
    const bytes = await downloadTracked(inputs, url, fileName);
    files.push(
      verified({ folder: names.tigerbeetle.folder, fileName, bytes, origin: url }, expected,
        "the digest of TigerBeetle's release"),
    );
  }
  return files;
}

/** GitHub's release JSON: asset name → its `sha256:` digest. */
async function releaseDigests(inputs: GatherInputs, version: string): Promise<Map<string, string>> {
  const url = `${inputs.tigerbeetle.releaseApiUrl.replace(/\/+$/, "")}/releases/tags/` +
    encodeURIComponent(version);
  const bytes = await downloadOrExplain(inputs.download, url, {
    accept: "application/vnd.github+json",
  });
  let release: unknown;
  try {
    release = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ArtifactSourceError(`${url} did not answer with JSON`);
  }
  const assets = (release as { assets?: unknown }).assets;
  if (!Array.isArray(assets)) {
    throw new ArtifactSourceError(`${url} lists no assets: is ${version} a TigerBeetle release?`);
  }
  const digests = new Map<string, string>();
  for (const asset of assets as { name?: unknown; digest?: unknown }[]) {
    const digest = typeof asset.digest === "string" ?
      /^sha256:([0-9a-f]{64})$/i
        .exec(asset.digest)?.[1] :
      undefined;
    if (typeof asset.name === "string" && digest) digests.set(asset.name, digest.toLowerCase());
  }
  return digests;
}

async function dazzleArchives(inputs: GatherInputs): Promise<ArtifactFile[]> {
  const { names, versions, dazzle } = inputs;
  const version = versions.dazzle;
  const selfArchitecture = dazzle.releaseBaseUrl === undefined && dazzle.self?.version === version
    ? await selfArchive(inputs) :
    undefined;
  const fromRelease = inputs.architectures.filter((arch) => arch !== selfArchitecture?.arch);
  const files: ArtifactFile[] = selfArchitecture ? [selfArchitecture.file] : [];
  if (fromRelease.length === 0) return files;
  if (dazzle.releaseBaseUrl === undefined) {
    throw new ArtifactSourceError(`no source for the dazzle ${version} archive for ` +
      `${fromRelease.join(", ")}` + (dazzle.self === undefined
        ? " (this dazzle runs from source, so it cannot pack itself)"
        : dazzle.self.version !== version ?
        ` (this binary is dazzle ${dazzle.self.version})`
        : ""), "pass --dazzle-base-url URL (a dazzle release base, as for install.sh), or --arch " +
      "with only the architectures your nodes use");
  }
  const sumsUrl = versionedUrl(dazzle.releaseBaseUrl, version, checksumsFileName);
  let sums: Map<string, string>;
  try {
    sums = parseSha256Sums(new TextDecoder().decode(
      await downloadOrExplain(inputs.download, sumsUrl),
    ), sumsUrl);
  } catch (error) {
    if (error instanceof ChecksumsFileError) throw new ArtifactSourceError(error.message);
    throw error;
  }
  for (const architecture of fromRelease) {
    const { gz, xz } = names.dazzle.archives.get(architecture)!;
    if (!sums.has(gz)) {
      throw new ArtifactSourceError(`${sumsUrl} does not list ${gz}: is dazzle ${version} ` +
        `released for ${releasePlatformOf(architecture)}?`);
    }
    for (const fileName of sums.has(xz) ? [gz, xz] : [gz]) {
      const url = versionedUrl(dazzle.releaseBaseUrl, version, fileName);
      const bytes = await downloadTracked(inputs, url, fileName);
      files.push(
        verified({ folder: names.dazzle.folder, fileName, bytes, origin: url }, sums.get(fileName)!,
          sumsUrl),
      );
    }
  }
  return files;
}

/** This binary as its platform's release archive (`<folder>/dazzle`, reproducible tar.gz). */
async function selfArchive(inputs: GatherInputs) {
  const self = inputs.dazzle.self!;
  const binary = await self.binary();
  const machine = readElfIdentity(binary.subarray(0, 64))?.machine;
  const arch = machine === "x86_64" || machine === "aarch64" ? machine : undefined;
  if (arch === undefined || !inputs.architectures.includes(arch)) return undefined;
  const version = inputs.versions.dazzle;
  const platform = releasePlatformOf(arch);
  const bytes = packArchive({ folderName: archiveFolderName(version, platform), binary,
    documents: new Map(), mtimeSeconds: 0 });
  const fileName = inputs.names.dazzle.archives.get(arch)!.gz;
  return { arch,
    file: { folder: inputs.names.dazzle.folder, fileName, bytes, sha256: sha256Hex(bytes),
      origin: "this binary" } satisfies ArtifactFile };
}

async function downloadTracked(inputs: GatherInputs, url: string, label: string) {
  const task = inputs.progress.begin(`downloading ${label}`);
  try {
    return await downloadOrExplain(inputs.download, url, undefined, (received, total) =>
      task.update(received, total));
  } finally {
    task.end();
  }
}

async function downloadOrExplain(
  download: Downloader,
  url: string,
  headers?: Record<string, string>,
  onProgress?: (received: number, total?: number) => void,
): Promise<Uint8Array> {
  try {
    return await download(url, { ...(headers ? { headers } : {}),
      ...(onProgress ? { onProgress: (p) => onProgress(p.received, p.total) } : {}) });
  } catch (error) {
    if (error instanceof DownloadError) throw new ArtifactSourceError(error.message);
    throw error;
  }
}

function verified(
  file: Omit<ArtifactFile, "sha256">,
  expected: string,
  authority: string,
): ArtifactFile {
  const actual = sha256Hex(file.bytes);
  if (actual !== expected.toLowerCase()) {
    throw new ArtifactSourceError(`checksum mismatch for ${file.fileName} from ${file.origin}: ` +
      `SHA-256 ${actual}, but ${authority} says ${expected}; nothing was uploaded`,
      "the download was corrupted or tampered with: try again, or check the mirror");
  }
  return { ...file, sha256: actual };
}
