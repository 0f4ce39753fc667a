/**
 * Where the TigerBeetle executable for tests lives: `TIGERBEETLE_BIN` (a real binary) when set,
 * otherwise a generated wrapper script that runs the stand-in with this Bun.
 */
import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

let wrapper: string | undefined;

export async function tigerbeetleStandInPath(): Promise<string> {
  if (wrapper !== undefined) return wrapper;
  const folder = await mkdtemp(join(tmpdir(), "dazzle-tb-stand-in-"));
  const path = join(folder, "tigerbeetle");
  const script = join(import.meta.dir, "tigerbeetle-stand-in.ts");
  await writeFile(path, `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`);
  await chmod(path, 0o755);
  wrapper = path;
  return path;
}

/** The binary the agent tests use: a real TigerBeetle when TIGERBEETLE_BIN is set. */
export async function tigerbeetleBinaryForTests(): Promise<string> {
  return process.env.TIGERBEETLE_BIN ?? await tigerbeetleStandInPath();
}

export function usingRealTigerBeetle(): boolean {
  return process.env.TIGERBEETLE_BIN !== undefined;
}
