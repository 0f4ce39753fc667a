/**
 * A generated infra/ folder as one comparable string (path → content hash, symlinks by target),
 * so the generate tests can tell "entirely old" from "entirely new" from anything in between.
 * The staging folder and the lock are left out: they are generate's scratch space, not its
 * result.
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { lockFile } from "../generate/lock.ts";
import { stagingFolder } from "../generate/transaction.ts";
import { versionFileName } from "../versioning/index.ts";

/** Deeper than any generated folder: a loop (or a runaway copy) fails instead of hanging. */
const depthMax = 12;

export interface FingerprintOptions {
  /**
   * Leave the record's `generated_at` out: runs of the real binary each stamp their own time,
   * while the content they record must still match.
   */
  readonly ignoreGeneratedAt?: boolean;
}

export function infraFingerprint(infraDir: string, options: FingerprintOptions = {}): string {
  const entries: string[] = [];
  const walk = (folder: string, depth: number) => {
    if (depth > depthMax) throw new Error(`${folder} is too deep`);
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const shown = relative(infraDir, path);
      if (shown === stagingFolder || shown === lockFile) continue;
      const info = lstatSync(path);
      if (info.isDirectory()) walk(path, depth + 1);
      else if (info.isSymbolicLink()) entries.push(`${shown} -> ${readlinkSync(path)}`);
      else {entries.push(`${shown} ${
          createHash("sha256").update(contentOf(path, shown, options))
            .digest("hex")
        }`);}
    }
  };
  walk(infraDir, 0);
  return entries.join("\n");
}

function contentOf(path: string, shown: string, options: FingerprintOptions): Buffer | string {
  if (options.ignoreGeneratedAt !== true || shown !== versionFileName) return readFileSync(path);
  return readFileSync(path, "utf8").replace(/"generated_at": "[^"]*"/, "");
}
