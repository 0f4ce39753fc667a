/**
 * A reproducible tar writer (POSIX ustar) for release archives. Everything that would make two
 * builds of the same commit differ is fixed by the caller or here: entry order (sorted by
 * path), mtime (one value for all entries), owner (0/0, "root"), and modes (0755 or 0644 only).
 * We write the format ourselves because GNU tar's reproducibility flags differ between
 * versions, and a release script should not depend on the host's tar.
 */

/** One regular file or directory of the archive. */
export interface TarEntry {
  /** Path inside the archive, `/`-separated, no leading `/`; directories end without `/`. */
  readonly path: string;
  readonly kind: "file" | "directory";
  /** File contents; empty for directories. */
  readonly data: Uint8Array;
  /** Executable bit: mode 0755 when true, else 0644 (directories are always 0755). */
  readonly executable: boolean;
}

const blockBytes = 512;
/** ustar's name field holds 100 bytes; longer paths would need the prefix field, which we avoid. */
const namePathBytesMax = 100;
/** 11 octal digits: sizes up to 8 GiB − 1, far above any release binary. */
const sizeBytesMax = 0o77777777777;

/** The archive bytes (uncompressed), entries sorted by path, ending with two zero blocks. */
export function writeTar(entries: readonly TarEntry[], mtimeSeconds: number): Uint8Array {
  if (!Number.isInteger(mtimeSeconds) || mtimeSeconds < 0) {
    throw new Error(`tar mtime must be a non-negative integer, got ${mtimeSeconds}`);
  }
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const entry of sorted) {
    const header = headerBlock(entry, mtimeSeconds);
    const padding = (blockBytes - (entry.data.length % blockBytes)) % blockBytes;
    parts.push(header, entry.data, new Uint8Array(padding));
    total += header.length + entry.data.length + padding;
  }
  parts.push(new Uint8Array(blockBytes * 2));
  total += blockBytes * 2;
  return Buffer.concat(parts, total);
}

function headerBlock(entry: TarEntry, mtimeSeconds: number): Uint8Array {
  const name = entry.kind === "directory" ? `${entry.path}/` : entry.path;
  const nameBytes = new TextEncoder().encode(name);
  if (nameBytes.length > namePathBytesMax || entry.path.startsWith("/") || entry.path === "") {
    throw new Error(`tar path must be relative and at most ${namePathBytesMax} bytes: ${name}`);
  }
  if (entry.kind === "directory" && entry.data.length !== 0) {
    throw new Error(`tar directory entry must be empty: ${name}`);
  }
  if (entry.data.length > sizeBytesMax) throw new Error(`tar entry too large: ${name}`);
  const mode = entry.kind === "directory" || entry.executable ? 0o755 : 0o644;
  const block = new Uint8Array(blockBytes);
  block.set(nameBytes, 0);
  writeOctal(block, 100, 8, mode);
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, entry.data.length);
  writeOctal(block, 136, 12, mtimeSeconds);
  block.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  block[156] = entry.kind === "directory" ? 0x35 : 0x30; // '5' directory, '0' file
  writeAscii(block, 257, "ustar\u0000");
  writeAscii(block, 263, "00");
  writeAscii(block, 265, "root");
  writeAscii(block, 297, "root");
  let sum = 0;
  for (const byte of block) sum += byte;
  writeAscii(block, 148, `${sum.toString(8).padStart(6, "0")}\u0000 `);
  return block;
}

/** Zero-padded octal digits followed by NUL, filling `width` bytes. */
function writeOctal(block: Uint8Array, offset: number, width: number, value: number): void {
  writeAscii(block, offset, `${value.toString(8).padStart(width - 1, "0")}\u0000`);
}

function writeAscii(block: Uint8Array, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) block[offset + i] = text.charCodeAt(i);
}
