/**
 * The compression cache the test command gives scripts/release.ts: a hit is byte for byte what
 * the compressor gave for the same tar and settings, a damaged entry is compressed anew, and the
 * folder keeps only the newest entries.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { folderCompressionCache } from "../../ship/compression-cache.ts";
import { gzipSettings, gzipTar } from "../../ship/pack-archive.ts";

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function scratch(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "dazzle-compression-cache-"));
  folders.push(folder);
  return folder;
}

/** gzipTar, counting its calls. */
function countingGzip() {
  const calls = { count: 0 };
  const compress = (tar: Uint8Array) => {
    calls.count++;
    return Promise.resolve(gzipTar(tar));
  };
  return { calls, compress };
}

const tar = (text: string) => new TextEncoder().encode(text.repeat(1000));

describe("compression cache", () => {
  test("the same tar and settings: the cached bytes, the compressor not run again", async () => {
    const cache = folderCompressionCache(await scratch());
    const { calls, compress } = countingGzip();
    const first = await cache.compressed(gzipSettings, tar("a"), compress);
    const second = await cache.compressed(gzipSettings, tar("a"), compress);
    expect(calls.count).toBe(1);
    expect([first.reused, second.reused]).toEqual([false, true]);
    expect(second.bytes).toEqual(first.bytes);
    expect(first.bytes).toEqual(gzipTar(tar("a")));
  });

  test("another tar or other settings compress anew", async () => {
    const cache = folderCompressionCache(await scratch());
    const { calls, compress } = countingGzip();
    await cache.compressed(gzipSettings, tar("a"), compress);
    await cache.compressed(gzipSettings, tar("b"), compress);
    await cache.compressed(`${gzipSettings} other`, tar("a"), compress);
    expect(calls.count).toBe(3);
  });

  test("an entry whose bytes no longer match its digest is a miss, written anew", async () => {
    const folder = await scratch();
    const cache = folderCompressionCache(folder);
    const { calls, compress } = countingGzip();
    const good = (await cache.compressed(gzipSettings, tar("a"), compress)).bytes;
    const entry = (await readdir(folder)).find((name) => name.endsWith(".bin"))!;
    await writeFile(join(folder, entry), new TextEncoder().encode("damaged"));
    expect(await cache.compressed(gzipSettings, tar("a"), compress))
      .toEqual({ bytes: good, reused: false });
    expect(calls.count).toBe(2);
    expect(await cache.compressed(gzipSettings, tar("a"), compress))
      .toEqual({ bytes: good, reused: true });
    expect(calls.count).toBe(2);
  });

  test("keeps the newest 8 entries", async () => {
    const folder = await scratch();
    const cache = folderCompressionCache(folder);
    const { compress } = countingGzip();
    for (let i = 0; i < 11; i++) await cache.compressed(gzipSettings, tar(`t${i}`), compress);
    const names = await readdir(folder);
    expect(names.filter((name) => name.endsWith(".bin"))).toHaveLength(8);
    expect(names.filter((name) => name.endsWith(".sha256"))).toHaveLength(8);
  });
});
