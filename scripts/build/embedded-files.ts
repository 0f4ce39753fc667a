/**
 * Which files of node_modules the binary must carry, and which bundled modules read files
 * through `__dirname` (so their `__dirname` gets rewritten). See the team's toolchain notes.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/**
 * A package whose modules find files next to themselves at run time: the files (or folders)
 * it reads, relative to its package folder, and the folders of its modules that do the reading.
 */
export interface EmbeddedPackage {
  /** Package folder relative to the project root. */
  readonly packageDir: string;
  /** Files or folders to embed, relative to packageDir. */
  readonly paths: readonly string[];
  /** Folders (relative to packageDir) whose `.js` modules get `__dirname` rewritten. */
  readonly moduleFolders: readonly string[];
}

export const embeddedPackages: readonly EmbeddedPackage[] = [
  {
    // Folders aws-cdk-lib reads or copies at synth time: handler code staged into cdk.out as
    // Lambda assets, the CloudFormation validation engine (WASM) and its rule index, and the
    // data files custom resources need.
    packageDir: "node_modules/aws-cdk-lib",
    paths: [
      "custom-resource-handlers/dist",
      "core/lib/dist",
      "core/lib/validation/rules",
      "custom-resources/lib/provider-framework/runtime",
      "custom-resources/lib/helpers-internal",
      "node_modules/@aws/cloudformation-validate",
    ],
    moduleFolders: ["."],
  },
  {
    // The CloudFormation resource specification `@aws-cdk/cloudformation-diff` loads to know
    // which property changes replace a resource: `deploy diff` and `DESTRUCTIVE_CHANGE` need it.
    packageDir: "node_modules/@aws-cdk/aws-service-spec",
    paths: ["db.json.gz"],
    moduleFolders: ["lib"],
  },
];

/** Files we never need at run time (types, docs, maps). */
const skippedFilePattern = /(\.d\.ts|\.map|\.md|LICENSE|NOTICE|THIRD-PARTY-LICENSES\.txt)$/;

/** Folder walk limits: aws-cdk-lib is large, but these folders are small and shallow. */
const walkDepthMax = 12;
const embeddedFileCountMax = 2000;

export interface EmbeddedFileList {
  /** Paths relative to the project root, `/`-separated (node_modules/aws-cdk-lib/...). */
  readonly relativePaths: readonly string[];
  readonly contentHash: string;
}

export function listEmbeddedFiles(projectRoot: string,
  packages: readonly EmbeddedPackage[] = embeddedPackages): EmbeddedFileList {
  const paths: string[] = [];
  for (const entry of packages) {
    for (const path of entry.paths) walk(join(projectRoot, entry.packageDir, path), paths, 0);
  }
  if (paths.length > embeddedFileCountMax) {
    throw new Error(`${paths.length} files to embed; the limit is ${embeddedFileCountMax}`);
  }
  const relativePaths = paths.map((path) => relative(projectRoot, path).split("\\").join("/"))
    .sort();
  const hash = createHash("sha256");
  for (const path of relativePaths) {
    hash.update(path + "\0");
    hash.update(readFileSync(join(projectRoot, path)));
  }
  return { relativePaths, contentHash: hash.digest("hex").slice(0, 16) };
}

function walk(path: string, into: string[], depth: number): void {
  if (depth > walkDepthMax) throw new Error(`${path} is nested deeper than ${walkDepthMax}`);
  if (!statSync(path).isDirectory()) {
    into.push(path);
    return;
  }
  for (const name of readdirSync(path)) {
    const child = join(path, name);
    if (statSync(child).isDirectory() || !skippedFilePattern.test(name)) {
      walk(child, into, depth + 1);
    }
  }
}

/**
 * Modules (absolute paths) of the embedded packages whose source mentions `__dirname`. Handler
 * files among them are harmless: they are embedded as assets, never bundled, so never rewritten.
 */
export function modulesUsingDirname(projectRoot: string,
  packages: readonly EmbeddedPackage[] = embeddedPackages): string[] {
  const found: string[] = [];
  for (const entry of packages) {
    for (const folder of entry.moduleFolders) {
      collectDirnameModules(join(projectRoot, entry.packageDir, folder), found, 0);
    }
  }
  return found;
}

export function usesDirname(source: string): boolean {
  return /\b__dirname\b/.test(source);
}

function collectDirnameModules(folder: string, into: string[], depth: number): void {
  if (depth > walkDepthMax) return;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) collectDirnameModules(path, into, depth + 1);
    else if (entry.name.endsWith(".js") && usesDirname(readFileSync(path, "utf8"))) {
      into.push(path);
    }
  }
}

/**
 * Bundled node_modules inputs (as the bundler's metafile names them: relative to the current
 * folder) that use `__dirname` but were not rewritten: in the binary they would point at the
 * build machine's folders, which a copied binary cannot see (issue 13: `deploy diff` crashed
 * on `@aws-cdk/aws-service-spec/db.json.gz`). The build fails on any.
 */
export function unhandledDirnameModules(bundledInputs: readonly string[],
  rewritten: readonly string[]): string[] {
  const handled = new Set(rewritten.map((path) => resolve(path)));
  return bundledInputs.map((input) => resolve(input)).filter((path) =>
    path.includes("/node_modules/") && path.endsWith(".js") && !handled.has(path) &&
    readsDirname(path)
  );
}

function readsDirname(path: string): boolean {
  try {
    return usesDirname(readFileSync(path, "utf8"));
  } catch {
    return false; // A virtual module of a plugin: nothing on disk to check.
  }
}
