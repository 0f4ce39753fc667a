/**
 * Runtime half of the binary's file embedding (the build half is `scripts/build/`).
 *
 * aws-cdk-lib finds files next to its modules through `__dirname`: Lambda handler folders it
 * copies into cdk.out as assets, the validation WASM, rule and data files. In a compiled binary
 * `__dirname` would be the build machine's path, so the build rewrites it in aws-cdk-lib to
 * `globalThis.__dazzleEmbeddedDir("<dir inside node_modules>")`, implemented here.
 *
 * Bun's embedded file system can read files but not copy, open or realpath them, which asset
 * staging needs; so on first use the embedded tree is written once to a per-content cache
 * folder, through a temporary folder and an atomic rename (two dazzle processes starting
 * together never see a half-written tree), and every later run only checks it exists.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface EmbeddedTree {
  /** Hash of every embedded path and content: the cache folder's name. */
  readonly contentHash: string;
  /** [path relative to the build root (e.g. `node_modules/aws-cdk-lib/...`), embedded path]. */
  readonly files: readonly (readonly [string, string])[];
}

/** Marker written last inside the temporary folder: a folder without it is never used. */
const completeMarker = ".dazzle-complete";
/** Attempts at claiming the cache folder when another process races us or a folder is stale. */
const extractAttemptsMax = 3;

type Env = Readonly<Record<string, string | undefined>>;

declare global {
  var __dazzleEmbeddedDir: ((relativeDir: string) => string) | undefined;
}

/** Installs `globalThis.__dazzleEmbeddedDir`; extraction waits until a path is first asked for. */
export function installEmbeddedDirectory(tree: EmbeddedTree, env: Env): void {
  let root: string | undefined;
  globalThis.__dazzleEmbeddedDir = (relativeDir: string): string => {
    root ??= extractOnce(tree, env);
    return join(root, relativeDir);
  };
}

/** Where extracted trees live: `$XDG_CACHE_HOME/dazzle/embedded`, then `~/.cache`, then /tmp. */
export function cacheCandidates(env: Env): string[] {
  const candidates: string[] = [];
  if (env["XDG_CACHE_HOME"]) candidates.push(join(env["XDG_CACHE_HOME"], "dazzle", "embedded"));
  const home = env["HOME"] ?? homedir();
  if (home) candidates.push(join(home, ".cache", "dazzle", "embedded"));
  candidates.push(join(tmpdir(), `dazzle-embedded-${process.getuid?.() ?? "user"}`));
  return candidates;
}

export function extractOnce(tree: EmbeddedTree, env: Env): string {
  const failures: string[] = [];
  for (const base of cacheCandidates(env)) {
    const final = join(base, tree.contentHash);
    try {
      return claim(tree, final);
    } catch (error) {
      failures.push(`${base}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`cannot unpack dazzle's embedded files into any cache folder:\n` +
    failures.join("\n"));
}

function claim(tree: EmbeddedTree, final: string): string {
  for (let attempt = 0; attempt < extractAttemptsMax; attempt++) {
    if (existsSync(join(final, completeMarker))) return final;
    if (existsSync(final)) {
      // A folder without the marker was not made by us (renames are atomic): move it aside.
      rmSync(final, { recursive: true, force: true });
    }
    const temporary = `${final}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    writeTree(tree, temporary);
    try {
      renameSync(temporary, final);
    } catch {
      // Another process renamed its copy first; theirs is complete, ours goes away.
    } finally {
      rmSync(temporary, { recursive: true, force: true });
    }
  }
  if (existsSync(join(final, completeMarker))) return final;
  throw new Error(`${final} stayed incomplete after ${extractAttemptsMax} attempts`);
}

function writeTree(tree: EmbeddedTree, folder: string): void {
  for (const [relativePath, embeddedPath] of tree.files) {
    const target = join(folder, relativePath);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(embeddedPath));
  }
  writeFileSync(join(folder, completeMarker), tree.contentHash + "\n");
}
