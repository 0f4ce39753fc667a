/**
 * Put verified artifacts into a bucket, idempotently, and prove it by reading them back:
 * 1. each file: skipped when the object is already there with its SHA-256 (recorded in the
 *    object's metadata by an earlier run) and size; else uploaded, then read back and hashed;
 * 2. then each folder's SHA256SUMS: the files of this run plus those an earlier run left in
 *    the folder (another architecture), written last, so a SHA256SUMS never names a file that
 *    is not there yet, and read back.
 * An upload that breaks off leaves no SHA256SUMS naming it; the next run redoes only what is
 * missing.
 */
import { formatSha256Sums, parseSha256Sums, sha256Hex } from "../checksums.ts";
import { checksumsFileName } from "../release-layout.ts";
import type { ProgressSink } from "./progress.ts";
import type { ArtifactFile } from "./sources.ts";

/** The bucket as publishing needs it; keys are relative to the destination prefix. */
export interface ArtifactBucket {
  /** Size and recorded SHA-256 (hex, from our metadata) of an object; undefined if absent. */
  describe(key: string): Promise<{ readonly size: number; readonly sha256?: string } | undefined>;
  put(key: string, body: Uint8Array, sha256: string,
    onProgress?: (sent: number) => void): Promise<void>;
  /** The object's bytes, or undefined when it does not exist. */
  read(key: string): Promise<Uint8Array | undefined>;
}

export class PublishError extends Error {
  override readonly name = "PublishError";
}

export interface PublishedFile {
  readonly key: string;
  readonly sha256: string;
  readonly size: number;
  readonly action: "uploaded" | "unchanged";
}

export async function publishArtifacts(
  bucket: ArtifactBucket,
  files: readonly ArtifactFile[],
  progress: ProgressSink,
): Promise<PublishedFile[]> {
  const published: PublishedFile[] = [];
  for (const file of files) {
    published.push(
      await publishOne(bucket, `${file.folder}/${file.fileName}`, file.bytes, file.sha256,
        progress),
    );
  }
  for (const folder of [...new Set(files.map((file) => file.folder))]) {
    const ours = files.filter((file) => file.folder === folder);
    const sums = await checksumsFor(bucket, folder, ours);
    const bytes = new TextEncoder().encode(
      formatSha256Sums([...sums].map(([fileName, sha]) => ({ fileName, sha256Hex: sha }))),
    );
    published.push(
      await publishOne(bucket, `${folder}/${checksumsFileName}`, bytes, sha256Hex(bytes), progress),
    );
  }
  return published;
}

/**
 * This run's files, plus the entries of the folder's existing SHA256SUMS for other files that
 * are still there unchanged (so adding aarch64 later keeps x86_64 listed).
 */
async function checksumsFor(
  bucket: ArtifactBucket,
  folder: string,
  ours: readonly ArtifactFile[],
): Promise<Map<string, string>> {
  const sums = new Map<string, string>();
  const existing = await bucket.read(`${folder}/${checksumsFileName}`);
  if (existing !== undefined) {
    let listed = new Map<string, string>();
    try {
      listed = parseSha256Sums(new TextDecoder().decode(existing), `${folder}/SHA256SUMS`);
    } catch {
      // Unreadable: rebuilt from this run's files alone.
    }
    for (const [fileName, sha] of listed) {
      if (ours.some((file) => file.fileName === fileName)) continue;
      const object = await bucket.describe(`${folder}/${fileName}`);
      if (object?.sha256 === sha) sums.set(fileName, sha);
    }
  }
  for (const file of ours) sums.set(file.fileName, file.sha256);
  return sums;
}

async function publishOne(
  bucket: ArtifactBucket,
  key: string,
  bytes: Uint8Array,
  sha256: string,
  progress: ProgressSink,
): Promise<PublishedFile> {
  const present = await bucket.describe(key);
  if (present?.sha256 === sha256 && present.size === bytes.byteLength) {
    return { key, sha256, size: bytes.byteLength, action: "unchanged" };
  }
  const task = progress.begin(`uploading ${key}`, bytes.byteLength);
  try {
    await bucket.put(key, bytes, sha256, (sent) => task.update(sent, bytes.byteLength));
  } finally {
    task.end();
  }
  const back = await bucket.read(key);
  const backSha = back === undefined ? undefined : sha256Hex(back);
  if (backSha !== sha256) {
    throw new PublishError(`${key} does not read back as uploaded: ` +
      (back === undefined ? "the object is missing" : `SHA-256 ${backSha}, expected ${sha256}`));
  }
  return { key, sha256, size: bytes.byteLength, action: "uploaded" };
}
