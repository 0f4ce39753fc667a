/**
 * Pack one platform's release archive: `<folder>/dazzle` (0755) plus the optional docs, as a
 * reproducible tar compressed with gzip. Node's zlib writes a gzip header with MTIME = 0 and
 * no file name, so the same inputs always give the same bytes.
 */
import { gzipSync } from "node:zlib";
import { writeTar, type TarEntry } from "./tar.ts";

export interface ArchiveInputs {
  /** Top-level folder name inside the archive. */
  readonly folderName: string;
  readonly binary: Uint8Array;
  /** Extra files (LICENSE, README.md) by base name; mode 0644. */
  readonly documents: ReadonlyMap<string, Uint8Array>;
  /** The same mtime for every entry (seconds since the epoch). */
  readonly mtimeSeconds: number;
}

/** gzip level 9: a few seconds more per release for ~4% smaller downloads on every install. */
const gzipLevel = 9;

/** What determines gzipTar's output besides its input (a compression cache's key). */
export const gzipSettings = `zlib ${process.versions.zlib} gzip level ${gzipLevel}`;

export function packArchive(inputs: ArchiveInputs): Uint8Array {
  return gzipTar(packTar(inputs));
}

export function gzipTar(tar: Uint8Array): Uint8Array {
  return gzipSync(tar, { level: gzipLevel });
}

/** The uncompressed, reproducible tar of one platform's release. */
export function packTar(inputs: ArchiveInputs): Uint8Array {
  const entries: TarEntry[] = [
    { path: inputs.folderName, kind: "directory", data: new Uint8Array(0), executable: true },
    { path: `${inputs.folderName}/dazzle`, kind: "file", data: inputs.binary, executable: true },
  ];
  for (const [name, data] of inputs.documents) {
    entries.push({ path: `${inputs.folderName}/${name}`, kind: "file", data, executable: false });
  }
  return writeTar(entries, inputs.mtimeSeconds);
}
