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
 *
 * Each version unpacks its own ~12 MB tree, so an upgrade would leave the old one behind for
 * ever. A run marks the tree it uses (the marker's modification time), and whenever a run
 * unpacks a new tree it removes the trees nobody has used for `unusedTreeAgeMs`, and the
 * temporary folders of writers that died. Only then: the common path stays one `stat`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync,
  writeFileSync } from "node:fs";
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
/** A tree unused this long belongs to a version nobody runs here any more. */
export const unusedTreeAgeMs = 30 * 24 * 60 * 60 * 1000;
/** A temporary folder this old was left by a writer that died (writing takes well under 1 s). */
export const abandonedTemporaryAgeMs = 60 * 60 * 1000;

type Env = Readonly<Record<string, string | undefined>>;

declare global {
  var __dazzleEmbeddedDir: ((relativeDir: string) => string) | undefined;
}

/** Installs `globalThis.__dazzleEmbeddedDir`; extraction waits until a path is first asked for. */
export function installEmbeddedDirectory(tree: EmbeddedTree, env: Env): void {
  let root: string | undefined;
  globalThis.__dazzleEmbeddedDir = (relativeDir: string): string => {
    root ??= extractOnce(tree, env, Date.now);
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

export function extractOnce(tree: EmbeddedTree, env: Env, now: () => number): string {
  const failures: string[] = [];
  for (const base of cacheCandidates(env)) {
    const final = join(base, tree.contentHash);
    try {
      const { unpacked } = claim(tree, final);
      const nowMs = now();
      markUsed(final, nowMs);
      if (unpacked) pruneUnused(base, tree.contentHash, nowMs);
      return final;
    } catch (error) {
      failures.push(`${base}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`cannot unpack dazzle's embedded files into any cache folder:\n` +
    failures.join("\n"));
}

/** Makes `final` a complete tree; `unpacked` says whether this call wrote it. */
function claim(tree: EmbeddedTree, final: string): { readonly unpacked: boolean } {
  let unpacked = false;
  for (let attempt = 0; attempt < extractAttemptsMax; attempt++) {
    if (existsSync(join(final, completeMarker))) return { unpacked };
    if (existsSync(final)) {
      // A folder without the marker was not made by us (renames are atomic): move it aside.
      rmSync(final, { recursive: true, force: true });
    }
    const nonce = Math.random().toString(36).slice(2);
    const temporary = `${final}${temporaryInfix}${process.pid}-${nonce}`;
    writeTree(tree, temporary);
    unpacked = true;
    try {
      renameSync(temporary, final);
    } catch {
      // Another process renamed its copy first; theirs is complete, ours goes away.
    } finally {
      rmSync(temporary, { recursive: true, force: true });
    }
  }
  if (existsSync(join(final, completeMarker))) return { unpacked };
  throw new Error(`${final} stayed incomplete after ${extractAttemptsMax} attempts`);
}

const temporaryInfix = ".tmp-";

/** The marker's modification time is when a run last used the tree. */
function markUsed(final: string, nowMs: number): void {
  try {
    utimesSync(join(final, completeMarker), nowMs / 1000, nowMs / 1000);
  } catch {
    // A read-only cache still works; its trees are only never pruned.
  }
}

/**
 * Removes, beside the tree `keep`, the trees unused for `unusedTreeAgeMs` and abandoned temporary
 * folders. Best effort: a folder that cannot be read or removed stays, and the run goes on.
 */
function pruneUnused(base: string, keep: string, nowMs: number): void {
  let entries: string[];
  try {
    entries = readdirSync(base);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry === keep) continue;
    const folder = join(base, entry);
    const temporary = entry.includes(temporaryInfix);
    const lastUsed = modifiedMs(temporary ? folder : join(folder, completeMarker));
    // A tree without a marker is left alone: we did not make it, or it is being renamed in.
    if (lastUsed === undefined) continue;
    const ageLimit = temporary ? abandonedTemporaryAgeMs : unusedTreeAgeMs;
    if (nowMs - lastUsed > ageLimit) rmSync(folder, { recursive: true, force: true });
  }
}

function modifiedMs(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function writeTree(tree: EmbeddedTree, folder: string): void {
  for (const [relativePath, embeddedPath] of tree.files) {
    const target = join(folder, relativePath);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(embeddedPath));
  }
  writeFileSync(join(folder, completeMarker), tree.contentHash + "\n");
}
