import { rename, writeFile } from "node:fs/promises";

/** Write beside the target and rename, so a reader never sees half a file. */
export async function writeAtomically(path: string, data: Uint8Array, mode = 0o644) {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, data, { mode });
  await rename(temporary, path);
}
