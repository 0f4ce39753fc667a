/**
 * The real DSL corpus (../shared/dsl-corpus, `<project>/dsl/*.dsl`) as AppSpecs, through the
 * real front end. A front-end error in a corpus project throws: these tests must fail with it,
 * never carry on with a stand-in. Without ../shared there are no projects, and the tests that
 * need them say so in the report.
 */
import { hasErrors } from "../../diagnostics/diagnostic.ts";
import { loadSources } from "../../frontend/index.ts";
import type { AppSpec } from "../../ir/appspec.ts";
import { corpusDslFiles, corpusProjects, skipWithoutCorpus } from "../frontend/test-env.ts";

export interface CorpusProject {
  readonly name: string;
  readonly appSpec: AppSpec;
}

export const corpusProjectNames: readonly string[] = corpusProjects;

skipWithoutCorpus("whole-app stacks of the DSL corpus");

export async function loadCorpusProject(name: string): Promise<CorpusProject> {
  const loaded = await loadSources(corpusDslFiles(name));
  if (hasErrors(loaded.diagnostics)) {
    const errors = loaded.diagnostics.filter((d) => d.severity === "error")
      .map((d) => `${d.span?.file}:${d.span?.line}: ${d.code} ${d.message}`);
    throw new Error(`corpus project ${name} has front-end errors:\n${errors.join("\n")}`);
  }
  return { name, appSpec: loaded.appSpec };
}
