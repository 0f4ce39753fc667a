/**
 * `deploy generate` changes infra/ as one transaction, so that a crash (kill -9, power cut of
 * the process) leaves either the old generation or the new one — never templates of one and a
 * record of the other.
 *
 * 1. Stage: every new file is written under `.dazzle/staging/` (and cdk.out synthesized there).
 *    Nothing the old generation consists of is touched; a crash here leaves it entirely old.
 * 2. Commit: one rename puts `.dazzle/pending-generation.json` in place, listing every move and
 *    removal. From this instant the new generation is decided.
 * 3. Apply: the moves and removals, each idempotent; then the journal and staging go.
 *
 * A crash during 3 leaves the journal. Nothing reads infra/ past it: the record reader
 * (versioning/) refuses it, the generated bin/app.ts refuses to synthesize, and the next
 * `deploy generate` first completes it (`completeInterrupted`), making infra/ entirely new.
 */
import { dirname, join } from "node:path";
import { pendingGenerationFile } from "../versioning/index.ts";
import type { InfraFileSystem } from "./infra-file-system.ts";
import { assertReachableInside, InfraPathError, isSafeRelative } from "./infra-paths.ts";

export const stagingFolder = ".dazzle/staging";

export interface InfraChanges {
  /** Relative path in infra/ → new text. */
  readonly files: ReadonlyMap<string, string>;
  /** Relative paths to remove (files or folders). */
  readonly removals: readonly string[];
  /** Folders already built under the staging folder that replace a folder of infra/. */
  readonly folders: readonly { readonly staged: string; readonly target: string }[];
}

interface Journal {
  readonly format: 1;
  /** [staged path, target path], both relative to infra/. */
  readonly moves: readonly (readonly [string, string])[];
  readonly removals: readonly string[];
}

/** Bound on journal entries: a generation writes a few dozen files. */
const journalEntriesMax = 10_000;

/** The staging folder, emptied: where a generation builds what it will move into place. */
export function prepareStaging(infraDir: string, fs: InfraFileSystem): string {
  const staging = join(infraDir, stagingFolder);
  fs.remove(staging);
  fs.makeDirectory(staging);
  return staging;
}

export function commitInfraChanges(infraDir: string, changes: InfraChanges,
  fs: InfraFileSystem): void {
  const staging = join(infraDir, stagingFolder);
  const moves: [string, string][] = [];
  let index = 0;
  for (const [target, text] of changes.files) {
    assertReachableInside(infraDir, target, fs);
    // Checked before the commit point: a move that cannot happen must not be journaled.
    const kind = fs.kind(join(infraDir, target));
    if (kind === "directory" || kind === "other") {
      throw new InfraPathError(`${join(infraDir, target)} is ${
        kind === "directory"
          ? "a folder" :
          "not a regular file"
      }, where dazzle writes a file; move it away`);
    }
    const staged = `${stagingFolder}/f${String(index++).padStart(4, "0")}`;
    fs.writeText(join(infraDir, staged), text);
    moves.push([staged, target]);
  }
  for (const folder of changes.folders) {
    assertReachableInside(infraDir, folder.target, fs);
    moves.push([folder.staged, folder.target]);
  }
  for (const removal of changes.removals) assertReachableInside(infraDir, removal, fs);
  const journal: Journal = { format: 1, moves, removals: [...changes.removals] };
  const journalPath = join(infraDir, pendingGenerationFile);
  fs.writeText(join(staging, "journal.json"), `${JSON.stringify(journal)}\n`);
  fs.rename(join(staging, "journal.json"), journalPath); // the commit point
  apply(infraDir, journal, fs);
}

/**
 * Run before anything else touches infra/ (under the generate lock): completes a generation
 * that crashed after its commit point, or discards the staging of one that crashed before.
 */
export function completeInterrupted(infraDir: string, fs: InfraFileSystem):
  | "completed"
  | "discarded"
  | "none" {
  const journalPath = join(infraDir, pendingGenerationFile);
  const text = fs.readText(journalPath);
  if (text !== undefined) {
    apply(infraDir, parseJournal(text, journalPath), fs);
    return "completed";
  }
  const staging = join(infraDir, stagingFolder);
  if (fs.kind(staging) === undefined) return "none";
  fs.remove(staging);
  return "discarded";
}

/** Idempotent: a move whose staged file is gone was done before the crash. */
function apply(infraDir: string, journal: Journal, fs: InfraFileSystem): void {
  const replaced = join(infraDir, stagingFolder, "replaced");
  for (const [staged, target] of journal.moves) {
    const from = join(infraDir, staged);
    const to = join(infraDir, target);
    if (fs.kind(from) === undefined) continue;
    assertReachableInside(infraDir, target, fs);
    fs.makeDirectory(dirname(to));
    if (fs.kind(from) === "directory" && fs.kind(to) !== undefined) {
      // rename(2) cannot replace a non-empty folder: move the old one aside first.
      fs.makeDirectory(replaced);
      const aside = join(replaced, target.replaceAll("/", "_"));
      fs.remove(aside);
      fs.rename(to, aside);
    }
    fs.rename(from, to);
  }
  for (const removal of journal.removals) {
    assertReachableInside(infraDir, removal, fs);
    fs.remove(join(infraDir, removal));
  }
  fs.remove(join(infraDir, pendingGenerationFile));
  fs.remove(join(infraDir, stagingFolder));
}

function parseJournal(text: string, path: string): Journal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InfraPathError(`${path} is not valid JSON; remove it and run generate again`);
  }
  const journal = value as Partial<Journal> | null;
  const moves = journal?.moves;
  const removals = journal?.removals;
  const valid = journal?.format === 1 && Array.isArray(moves) && Array.isArray(removals) &&
    moves.length + removals.length <= journalEntriesMax &&
    moves.every((move) =>
      Array.isArray(move) && move.length === 2 &&
      move.every((part) => typeof part === "string" && isSafeRelative(part))
    ) &&
    removals.every((removal) => typeof removal === "string" && isSafeRelative(removal));
  if (!valid) {
    throw new InfraPathError(`${path} is not a dazzle generation journal; remove it and run ` +
      "generate again");
  }
  return journal as Journal;
}
