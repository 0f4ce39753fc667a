/**
 * The `stacks/**` and `ir/**` sources the generated app copies into `lib/`. Running from source
 * (tests, `bun main.ts`), they are read from the tree itself, so they are never stale; the
 * compiled binary has no tree and uses the module the build embeds
 * (`generate/infra-sources.generated.ts`; tests/generate checks it matches the tree).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { collectInfraSources, type InfraSourceFile } from "./infra-sources-collect.ts";
import { embeddedInfraSources } from "./infra-sources.generated.ts";

export type { InfraSourceFile } from "./infra-sources-collect.ts";

export function infraSources(): readonly InfraSourceFile[] {
  const sourceRoot = join(import.meta.dir, "..");
  if (existsSync(join(sourceRoot, "stacks", "app.ts"))) return collectInfraSources(sourceRoot);
  return embeddedInfraSources;
}
