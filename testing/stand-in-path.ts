/**
 * The TigerBeetle stand-in as an executable: a generated wrapper script that runs it with this
 * Bun. (The real server's tests use testing/real-tigerbeetle.ts.) It lives in the checkout's
 * ignored `.cache/` folder, one per checkout, rewritten in place (atomically: several test
 * processes may ask at once), so nothing piles up in the system's temp folder.
 */
import { chmod, mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

let wrapper: string | undefined;

export async function tigerbeetleStandInPath(): Promise<string> {
  if (wrapper !== undefined) return wrapper;
  const folder = join(import.meta.dir, "..", ".cache", "tigerbeetle-stand-in");
  await mkdir(folder, { recursive: true });
  const path = join(folder, "tigerbeetle");
  const script = join(import.meta.dir, "tigerbeetle-stand-in.ts");
  const staged = `${path}.${process.pid}`;
  await writeFile(staged, `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`);
  await chmod(staged, 0o755);
  await rename(staged, path);
  wrapper = path;
  return path;
}
