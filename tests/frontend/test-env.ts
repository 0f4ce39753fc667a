/** Shared by the front-end tests: where things are, and a fake command context. */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CommandContext } from "../../cli/command.ts";

export const repoRoot = resolve(import.meta.dir, "..", "..");
export const sharedDir = resolve(repoRoot, "../shared");
export const dslCorpusDir = join(sharedDir, "dsl-corpus");
export const hasDslCorpus = existsSync(dslCorpusDir);

/** Never reach real AWS or metadata endpoints, whatever a test ends up importing. */
export const offlineEnv: Record<string, string> = {
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
};
// Only the safety settings every test must have; nothing that changes other tests' defaults.
Object.assign(process.env, offlineEnv);

export function fakeContext(cwd: string, args: readonly string[]) {
  const out = { stdout: "", stderr: "" };
  const context: CommandContext = {
    args, cwd, env: offlineEnv, color: false, quiet: false, verbose: false,
    stdout: (text) => { out.stdout += text; },
    stderr: (text) => { out.stderr += text; },
  };
  return { context, out };
}
