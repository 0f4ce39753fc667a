/**
 * A folder of compressed archives keyed by what went in: the tar's SHA-256 and the compressor's
 * exact settings. Compression is deterministic (pack-archive.ts, xz.ts), so a hit is the very
 * bytes the compressor would write again. The test command packs the binary it has just built
 * into release archives in two tests and on every run; xz and gzip -9 of 150 MiB cost about two
 * CPU-minutes of the run, spent again for the same tar. Releases for publishing never pass a
 * cache (scripts/release.ts `--compression-cache` is for tests).
 *
 * An entry is `<key>.bin` beside `<key>.sha256` (the entry's own digest): an entry whose bytes
 * no longer match is a miss and is written anew. Only the newest `keepEntries` survive a put.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { sha256Hex } from "./checksums.ts";
import { writeAtomically } from "./write-atomically.ts";

/** Two platforms × two formats, for the current and the previous build. */
const keepEntries = 8;

export type Compressor = (tar: Uint8Array) => Promise<Uint8Array>;

export interface CompressionCache {
  /** `compress(tar)`, or the bytes it gave for the same tar and `settings` before (`reused`). */
  readonly compressed: (settings: string, tar: Uint8Array,
    compress: Compressor) => Promise<{ readonly bytes: Uint8Array; readonly reused: boolean }>;
}

export function folderCompressionCache(folder: string): CompressionCache {
  return {
    async compressed(settings, tar, compress) {
      const key = createHash("sha256").update(settings).update("\0").update(tar).digest("hex");
      const entry = join(folder, `${key}.bin`);
      const cached = await readVerified(entry);
      if (cached) return { bytes: cached, reused: true };
      const bytes = await compress(tar);
      await mkdir(folder, { recursive: true });
      await writeAtomically(entry, bytes);
      await writeAtomically(join(folder, `${key}.sha256`), new TextEncoder().encode(
        sha256Hex(bytes),
      ));
      await prune(folder);
      return { bytes, reused: false };
    },
  };
}

async function readVerified(entry: string): Promise<Uint8Array | undefined> {
  try {
    const [bytes, digest] = await Promise.all([
      readFile(entry),
      readFile(entry.replace(/\.bin$/, ".sha256"), "utf8"),
    ]);
    return sha256Hex(bytes) === digest.trim() ? new Uint8Array(bytes) : undefined;
  } catch {
    return undefined;
  }
}

async function prune(folder: string): Promise<void> {
  const names = (await readdir(folder)).filter((name) => name.endsWith(".bin"));
  const aged = await Promise.all(names.map(async (name) => ({
    name,
    mtimeMs: (await stat(join(folder, name))).mtimeMs,
  })));
  aged.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { name } of aged.slice(keepEntries)) {
    await rm(join(folder, name), { force: true });
    await rm(join(folder, name.replace(/\.bin$/, ".sha256")), { force: true });
  }
}
