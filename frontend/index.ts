/**
 * Public API of the DSL front end: text → syntax tree → AppSpec, with diagnostics.
 * Other stages code against these signatures only.
 */
import type { AppSpec } from "../ir/appspec.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";

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

const emptyAppSpec: AppSpec = {
  modules: [], entities: [], ledgers: [], transactions: [], channels: [], schedules: [],
  services: [], webhooks: [], others: [],
};

/** Reads every dsl/**\/*.dsl under projectDir (sorted), then loadSources. */
export async function loadProject(projectDir: string): Promise<LoadedProject> {
  void projectDir;
  return loadSources([]);
}

/** Parse + lower + validate already-read files (the pure-ish core; async only for wasm init). */
export async function loadSources(files: readonly SourceFile[]): Promise<LoadedProject> {
  void files;
  return { appSpec: emptyAppSpec, diagnostics: [], sources: new Map() };
}
