/**
 * Public API of the DSL front end: text → syntax tree → AppSpec, with diagnostics.
 * Other stages code against these signatures only.
 */
import type { AppSpec } from "../ir/appspec.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { loadSourcesWith } from "./load-sources.ts";
import { readProjectSources } from "./project-files.ts";
import type { VocabularySource } from "./vocabulary/manifest.ts";

export interface SourceFile {
  /** Path relative to the project, `/` separated. */
  readonly path: string;
  readonly text: string;
}

export interface LoadedProject {
  readonly appSpec: AppSpec;
  /** Sorted, all of them. */
  readonly diagnostics: readonly Diagnostic[];
  /** path → text of the `.dsl` files, for rendering carets. */
  readonly sources: ReadonlyMap<string, string>;
  /** The vocabulary manifest, when an `@use` needed it (its diagnostics point into it). */
  readonly vocabularySource?: VocabularySource;
}

/**
 * Reads every `*.dsl` under the DSL folders of projectDir (project-relative; default `dsl`),
 * sorted, then loadSources.
 */
export async function loadProject(
  projectDir: string,
  dslFolders?: readonly string[],
): Promise<LoadedProject> {
  const read = await readProjectSources(projectDir, dslFolders);
  return loadSourcesWith(read.files, read.diagnostics, read.vocabulary);
}

/**
 * Parse + lower + validate already-read files (the pure-ish core; async only for wasm init),
 * with the project's vocabulary manifest if it has one.
 */
export async function loadSources(
  files: readonly SourceFile[],
  vocabulary?: VocabularySource,
): Promise<LoadedProject> {
  return loadSourcesWith(files, [], vocabulary);
}

export { frontendCodes, type FrontendCode } from "./codes.ts";
export { decodeSource } from "./utf8.ts";
export { vocabularyManifestPath, type VocabularySource } from "./vocabulary/manifest.ts";
