/**
 * Which of our source files the generated `infra/` app carries in `lib/`: every `.ts` file under
 * `stacks/` and `ir/` (the constructs and the plain-data contracts they build from), so the
 * generated app builds exactly what `deploy synth` builds. Collected from the source tree by the
 * embedding script and, when dazzle runs from source, at run time.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export interface InfraSourceFile {
  /** Path relative to the project root, `/`-separated: `stacks/app.ts`, `ir/span.ts`. */
  readonly path: string;
  readonly text: string;
}

const infraSourceFolders = ["stacks", "ir"] as const;

/** Bounds on the walk: our folders are small and shallow. */
const folderDepthMax = 6;
const sourceFileCountMax = 500;

export function collectInfraSources(projectRoot: string): InfraSourceFile[] {
  const paths: string[] = [];
  for (const folder of infraSourceFolders) walk(projectRoot, folder, paths, 0);
  if (paths.length > sourceFileCountMax) {
    throw new Error(`${paths.length} infra source files; the limit is ${sourceFileCountMax}`);
  }
  return paths.sort().map((path) => ({
    path,
    text: readFileSync(join(projectRoot, path), "utf8"),
  }));
}

function walk(root: string, folder: string, into: string[], depth: number): void {
  if (depth > folderDepthMax) throw new Error(`${folder} is nested deeper than ${folderDepthMax}`);
  for (const name of readdirSync(join(root, folder)).sort()) {
    const path = `${folder}/${name}`;
    if (name.startsWith(".")) continue;
    if (statSync(join(root, path)).isDirectory()) walk(root, path, into, depth + 1);
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts") && !name.endsWith(".test.ts")) {
      into.push(path);
    }
  }
}
