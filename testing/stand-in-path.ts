/**
 * The TigerBeetle stand-in as an executable: a generated wrapper script that runs it with this
 * Bun. (The real server's tests use testing/real-tigerbeetle.ts.)
 */
import { rmSync } from "node:fs";
import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

let wrapper: string | undefined;

export async function tigerbeetleStandInPath(): Promise<string> {
  if (wrapper !== undefined) return wrapper;
  const folder = await mkdtemp(join(tmpdir(), "dazzle-tb-stand-in-"));
  // Nothing stays behind in the temp folder once this process ends.
  process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
  const path = join(folder, "tigerbeetle");
  const script = join(import.meta.dir, "tigerbeetle-stand-in.ts");
  await writeFile(path, `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`);
  await chmod(path, 0o755);
  wrapper = path;
  return path;
}
