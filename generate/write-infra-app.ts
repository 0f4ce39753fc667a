/**
 * What writing the rendered `infra/` app changes, touching only our own files: a generated file
 * is rewritten only when its bytes change, the user-owned `lib/custom.ts` is created once and
 * never overwritten, and a file we generated last time but no longer generate is removed (we
 * know it is ours from the manifest `.dazzle/generated-files.json`). A file in the way that is
 * not ours (a README.md or package.json of the user's) is a conflict: refused unless `force`.
 * Anything else in `infra/` (node_modules, the user's own files) is left alone.
 *
 * Only reads: the changes are applied by the generate transaction (transaction.ts).
 */
import { join } from "node:path";
import { UnreadableFileError } from "../files/read-regular-file.ts";
import type { InfraFileSystem } from "./infra-file-system.ts";
import { assertReachableInside, InfraPathError, isSafeRelative } from "./infra-paths.ts";
import type { InfraAppFiles } from "./render-infra-app.ts";

export type { InfraFileSystem } from "./infra-file-system.ts";

export const manifestPath = ".dazzle/generated-files.json";

/** Bound on manifest entries we trust (a generation writes a few dozen files). */
const manifestEntryCountMax = 2000;

export interface WriteSummary {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
  /** User-owned files created by this run (absent before). */
  readonly created: readonly string[];
  /** Stale files of ours left in place, with why (e.g. reached through a symbolic link). */
  readonly kept: readonly string[];
}

export interface InfraAppPlan {
  readonly files: Map<string, string>;
  readonly removals: string[];
  readonly summary: WriteSummary;
  /** Files in the way that are not ours (nothing is written while there are any). */
  readonly conflicts: readonly string[];
}

/** A file of infra/ that cannot be used as it is: the message names it and what it is. */
export class InfraFileError extends Error {
  override readonly name = "InfraFileError";
}

export function planInfraApp(
  infraDir: string,
  files: InfraAppFiles,
  fs: InfraFileSystem,
  options: { readonly force: boolean },
): InfraAppPlan {
  const previous = previousManifest(infraDir, fs);
  const planned = new Map<string, string>();
  const written: string[] = [];
  const unchanged: string[] = [];
  const created: string[] = [];
  const conflicts: string[] = [];
  for (const [path, text] of files.generated) {
    assertReachableInside(infraDir, path, fs);
    const target = join(infraDir, path);
    const kind = fs.kind(target);
    if (kind === "directory" || kind === "other") {
      throw new InfraFileError(`${target} is ${
        kind === "directory" ?
          "a folder" :
          "not a regular file"
      }, where dazzle generates a file; move it away`);
    }
    const existing = kind === "file" ? readUserFile(fs, target) : undefined;
    if (existing === text) {
      unchanged.push(path);
      continue;
    }
    if (kind !== undefined && !previous.has(path) && !options.force) conflicts.push(path);
    planned.set(path, text);
    written.push(path);
  }
  for (const [path, text] of files.userOwned) {
    assertReachableInside(infraDir, path, fs);
    const target = join(infraDir, path);
    const kind = fs.kind(target);
    if (kind === "file") {
      readUserFile(fs, target); // Ours to read later (custom code checks): must be readable.
      continue;
    }
    if (kind !== undefined) {
      throw new InfraFileError(`${target} is ${
        kind === "directory" ? "a folder" : kind ===
            "symlink" ?
          "a symbolic link" :
          "not a regular file"
      }; it must be the TypeScript file ` +
        "your additions to the stacks live in (move it away and generate again to get a fresh " +
        "one)");
    }
    planned.set(path, text);
    created.push(path);
  }
  const { removals, kept } = staleFiles(infraDir, files, previous, fs);
  const manifest = `${JSON.stringify([...files.generated.keys()].sort(), null, 1)}\n`;
  if (readUserFile(fs, join(infraDir, manifestPath)) !== manifest) {
    planned.set(manifestPath, manifest);
  }
  return { files: planned, removals, conflicts,
    summary: { written, unchanged, removed: removals, created, kept } };
}

function readUserFile(fs: InfraFileSystem, path: string): string | undefined {
  try {
    return fs.readText(path);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new InfraFileError(error.message);
    throw error;
  }
}

/** The files the last generation wrote, from its manifest (empty when none or damaged). */
function previousManifest(infraDir: string, fs: InfraFileSystem): Set<string> {
  const text = readUserFile(fs, join(infraDir, manifestPath));
  if (text === undefined) return new Set();
  let previous: unknown;
  try {
    previous = JSON.parse(text);
  } catch {
    return new Set(); // A damaged manifest: nothing counts as ours, so nothing is removed.
  }
  if (!Array.isArray(previous)) return new Set();
  return new Set(previous.slice(0, manifestEntryCountMax)
    .filter((path): path is string => typeof path === "string" && isSafeRelative(path)));
}

/** Files listed in the previous manifest that this generation no longer produces. */
function staleFiles(infraDir: string, files: InfraAppFiles, previous: ReadonlySet<string>,
  fs: InfraFileSystem): { removals: string[]; kept: string[] } {
  const removals: string[] = [];
  const kept: string[] = [];
  for (const path of previous) {
    if (files.generated.has(path) || files.userOwned.has(path)) continue;
    try {
      assertReachableInside(infraDir, path, fs);
    } catch (error) {
      if (!(error instanceof InfraPathError)) throw error;
      kept.push(`${path} (${error.message})`);
      continue;
    }
    const kind = fs.kind(join(infraDir, path));
    if (kind === undefined) continue;
    if (kind === "directory") {
      kept.push(`${path} (now a folder, not the file dazzle wrote)`);
      continue;
    }
    removals.push(path);
  }
  return { removals: removals.sort(), kept };
}
