/**
 * Which files of node_modules the binary must carry, and which aws-cdk-lib modules read files
 * through `__dirname` (so their `__dirname` gets rewritten). See notes/toolchain.md.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Folders aws-cdk-lib reads or copies at synth time, relative to its package folder:
 * handler code staged into cdk.out as Lambda assets, the CloudFormation validation engine
 * (WASM) and its rule index, and the data files custom resources need.
 */
export const cdkEmbeddedFolders = [
  "custom-resource-handlers/dist",
  "core/lib/dist",
  "core/lib/validation/rules",
  "custom-resources/lib/provider-framework/runtime",
  "custom-resources/lib/helpers-internal",
  "node_modules/@aws/cloudformation-validate",
] as const;

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

export function listEmbeddedFiles(projectRoot: string): EmbeddedFileList {
  const cdkRoot = join(projectRoot, "node_modules", "aws-cdk-lib");
  const paths: string[] = [];
  for (const folder of cdkEmbeddedFolders) walk(join(cdkRoot, folder), paths, 0);
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

function walk(folder: string, into: string[], depth: number): void {
  if (depth > walkDepthMax) throw new Error(`${folder} is nested deeper than ${walkDepthMax}`);
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) walk(path, into, depth + 1);
    else if (!skippedFilePattern.test(name)) into.push(path);
  }
}

/**
 * aws-cdk-lib modules (absolute paths) whose source mentions `__dirname`. Handler files among
 * them are harmless: they are embedded as assets, never bundled, so never rewritten.
 */
export function modulesUsingDirname(projectRoot: string): string[] {
  const found: string[] = [];
  collectDirnameModules(join(projectRoot, "node_modules", "aws-cdk-lib"), found, 0);
  return found;
}

function collectDirnameModules(folder: string, into: string[], depth: number): void {
  if (depth > walkDepthMax) return;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) collectDirnameModules(path, into, depth + 1);
    else if (entry.name.endsWith(".js") && readFileSync(path, "utf8").includes("__dirname")) {
      into.push(path);
    }
  }
}
