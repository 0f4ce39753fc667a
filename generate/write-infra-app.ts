/**
 * Write the rendered `infra/` app to disk, touching only our own files: a generated file is
 * rewritten only when its bytes change, the user-owned `lib/custom.ts` is created once and
 * never overwritten, and a file we generated last time but no longer generate is removed
 * (we know it is ours from the manifest `.dazzle/generated-files.json`). Anything else in
 * `infra/` (node_modules, cdk.out, the user's own files) is left alone.
 */
import { dirname, join } from "node:path";
import type { InfraAppFiles } from "./render-infra-app.ts";

/** File-system effects, passed in (tests use the real one on a temporary folder). */
export interface InfraFileSystem {
  readonly readText: (path: string) => string | undefined;
  readonly writeText: (path: string, text: string) => void;
  readonly remove: (path: string) => void;
  readonly makeDirectory: (path: string) => void;
}

export const manifestPath = ".dazzle/generated-files.json";

/** Bound on manifest entries we trust (a generation writes a few dozen files). */
const manifestEntryCountMax = 2000;

export interface WriteSummary {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
  /** User-owned files created by this run (absent before). */
  readonly created: readonly string[];
}

export function writeInfraApp(
  infraDir: string,
  files: InfraAppFiles,
  fs: InfraFileSystem,
): WriteSummary {
  const written: string[] = [];
  const unchanged: string[] = [];
  const created: string[] = [];
  for (const [path, text] of files.generated) {
    assertRelative(path);
    const target = join(infraDir, path);
    if (fs.readText(target) === text) {
      unchanged.push(path);
      continue;
    }
    fs.makeDirectory(dirname(target));
    fs.writeText(target, text);
    written.push(path);
  }
  for (const [path, text] of files.userOwned) {
    assertRelative(path);
    const target = join(infraDir, path);
    if (fs.readText(target) !== undefined) continue;
    fs.makeDirectory(dirname(target));
    fs.writeText(target, text);
    created.push(path);
  }
  const removed = removeStale(infraDir, files, fs);
  const manifest = `${JSON.stringify([...files.generated.keys()].sort(), null, 1)}\n`;
  if (fs.readText(join(infraDir, manifestPath)) !== manifest) {
    fs.makeDirectory(dirname(join(infraDir, manifestPath)));
    fs.writeText(join(infraDir, manifestPath), manifest);
  }
  return { written, unchanged, removed, created };
}

/** Files listed in the previous manifest that this generation no longer produces. */
function removeStale(infraDir: string, files: InfraAppFiles, fs: InfraFileSystem): string[] {
  const previousText = fs.readText(join(infraDir, manifestPath));
  if (previousText === undefined) return [];
  let previous: unknown;
  try {
    previous = JSON.parse(previousText);
  } catch {
    return []; // A damaged manifest: remove nothing rather than guess.
  }
  if (!Array.isArray(previous)) return [];
  const removed: string[] = [];
  for (const path of previous.slice(0, manifestEntryCountMax)) {
    if (typeof path !== "string" || files.generated.has(path) || files.userOwned.has(path)) {
      continue;
    }
    if (!isSafeRelative(path)) continue;
    fs.remove(join(infraDir, path));
    removed.push(path);
  }
  return removed;
}

function isSafeRelative(path: string): boolean {
  return path !== "" && !path.startsWith("/") && !path.split("/").includes("..");
}

function assertRelative(path: string): void {
  if (!isSafeRelative(path)) throw new Error(`generate: refusing to write outside infra/: ${path}`);
}
