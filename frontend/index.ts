/**
 * Public API of the DSL front end: text → syntax tree → AppSpec, with diagnostics.
 * Other stages code against these signatures only.
 */
import type { AppSpec } from "../ir/appspec.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { loadSourcesWith } from "./load-sources.ts";
import { readProjectSources } from "./project-files.ts";

export interface SourceFile {
  /** Path relative to the project, `/` separated. */
  readonly path: string;
  readonly text: string;
}

export interface LoadedProject {
  readonly appSpec: AppSpec;
  /** Sorted, all of them. */
  readonly diagnostics: readonly Diagnostic[];
  /** path → text, for rendering carets. */
  readonly sources: ReadonlyMap<string, string>;
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
  return loadSourcesWith(read.files, read.diagnostics);
}

/** Parse + lower + validate already-read files (the pure-ish core; async only for wasm init). */
export async function loadSources(files: readonly SourceFile[]): Promise<LoadedProject> {
  return loadSourcesWith(files, []);
}

export { frontendCodes, type FrontendCode } from "./codes.ts";
export { decodeSource } from "./utf8.ts";
