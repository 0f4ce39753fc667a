/** Shared by the front-end tests: where things are, and a fake command context. */
import { test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { recordingContext } from "../../testing/command-context.ts";

export const repoRoot = resolve(import.meta.dir, "..", "..");
const sharedDir = resolve(repoRoot, "../shared");
export const dslCorpusDir = join(sharedDir, "dsl-corpus");
export const hasDslCorpus = existsSync(dslCorpusDir);

/**
 * The corpus projects, in the original layout: `<project>/dazzle.toml` (as its authors wrote it)
 * and `<project>/dsl/*.dsl`. Empty without ../shared.
 */
export const corpusProjects: readonly string[] = hasDslCorpus
  ? readdirSync(dslCorpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dslCorpusDir, entry.name, "dsl")))
    .map((entry) => entry.name).sort()
  : [];

/** A corpus project's DSL files as the front end sees them (`dsl/...` paths), sorted. */
export function corpusDslFiles(project: string): { path: string; text: string }[] {
  const dslDir = join(dslCorpusDir, project, "dsl");
  return readdirSync(dslDir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".dsl")).sort()
    .map((name) => ({ path: `dsl/${name}`, text: readFileSync(join(dslDir, name), "utf8") }));
}

/** Say so in the test report when the corpus is absent, instead of passing silently. */
export function skipWithoutCorpus(what: string): void {
  if (!hasDslCorpus) test.skip(`${what}: ${dslCorpusDir} is absent, so this is skipped`, () => {});
}

/** Never reach real AWS or metadata endpoints, whatever a test ends up importing. */
export const offlineEnv: Record<string, string> = {
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
};
// Only the safety settings every test must have; nothing that changes other tests' defaults.
Object.assign(process.env, offlineEnv);

export function fakeContext(cwd: string, args: readonly string[]) {
  const context = recordingContext({ cwd, args, env: offlineEnv });
  const out = {
    get stdout() {
      return context.text("stdout");
    },
    get stderr() {
      return context.text("stderr");
    },
  };
  return { context, out };
}
