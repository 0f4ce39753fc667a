/**
 * Finding and reading a project's `.dsl` files (the only I/O of the front end): every `*.dsl`
 * under the DSL folders (`dsl/` unless dazzle.toml's `[modules] paths` says otherwise), and the
 * vocabulary manifest when a file has an `@use` line.
 */
import { lstat, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { readRegularFile, UnreadableFileError } from "../files/read-regular-file.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { frontendDiagnostic } from "./codes.ts";
import type { SourceFile } from "./index.ts";
import { fileCountMax, fileSizeBytesMax } from "./limits.ts";
import { decodeSource } from "./utf8.ts";
import { mentionsUse } from "./vocabulary/directives.ts";
import { vocabularyManifestPath, type VocabularySource } from "./vocabulary/manifest.ts";

/** Folder depth under dsl/ we descend into. */
const folderDepthMax = 16;

/**
 * `dslFolders` are project-relative and `/`-separated (`.` for the project folder itself); the
 * files come back sorted, each once, with project-relative paths.
 */
export async function readProjectSources(
  projectDir: string,
  dslFolders: readonly string[] = ["dsl"],
): Promise<
  { files: SourceFile[]; diagnostics: Diagnostic[]; vocabulary?: VocabularySource | "unreadable" }
> {
  const diagnostics: Diagnostic[] = [];
  const found: string[] = [];
  for (const folder of dslFolders) await collectDslPaths(projectDir, folder, 0, found);
  const paths = [...new Set(found.map((path) => path.replace(/^\.\//, "")))].sort();
  if (paths.length === 0) {
    const where = dslFolders.map((folder) => join(projectDir, folder)).join(", ");
    diagnostics.push(
      frontendDiagnostic("project/noDslFiles", `no .dsl files under ${where}`, undefined,
        dslFolders.length === 1 &&
          dslFolders[0] === "dsl"
          ? "put the application's DSL in dsl/*.dsl (dazzle init creates an example)"
          : "put the application's DSL there, or change [modules] paths in dazzle.toml"),
    );
    return { files: [], diagnostics };
  }
  if (paths.length > fileCountMax) {
    diagnostics.push(
      frontendDiagnostic("project/tooManyFiles",
        `the project has ${paths.length} .dsl files; the limit is ${fileCountMax}`),
    );
    return { files: [], diagnostics };
  }
  const files: SourceFile[] = [];
  for (const path of paths) {
    const file = await readSource(projectDir, path, diagnostics);
    if (file) files.push(file);
  }
  // Read only when needed: a project without `@use` never depends on the manifest.
  if (!files.some((file) => mentionsUse(file.text))) return { files, diagnostics };
  // lstat: a broken link is there, and reading it says what is wrong with it.
  const manifest = await lstat(join(projectDir, vocabularyManifestPath)).catch(() => undefined);
  if (manifest === undefined) return { files, diagnostics };
  const vocabulary = await readSource(projectDir, vocabularyManifestPath, diagnostics);
  // Unreadable: said once above; the @use lines need not say it again.
  return { files, diagnostics, vocabulary: vocabulary ?? "unreadable" };
}

async function readSource(
  projectDir: string,
  path: string,
  diagnostics: Diagnostic[],
): Promise<SourceFile | undefined> {
  const span = { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const size = (await stat(join(projectDir, path)).catch(() => undefined))?.size ?? 0;
  if (size > fileSizeBytesMax) {
    diagnostics.push(
      frontendDiagnostic("source/fileTooLarge",
        `file is ${size} bytes; the limit is ${fileSizeBytesMax}`, span,
        "split it into several .dsl files"),
    );
    return undefined;
  }
  let bytes: Uint8Array | undefined;
  try {
    // A FIFO or device is refused with a sentence, never waited on.
    bytes = readRegularFile(join(projectDir, path), fileSizeBytesMax);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    diagnostics.push(
      frontendDiagnostic("project/unreadableFile", `cannot read ${path}: it ${error.reason}`, span),
    );
    return undefined;
  }
  if (bytes === undefined) {
    diagnostics.push(
      frontendDiagnostic("project/unreadableFile", `cannot read ${path} (ENOENT)`, span),
    );
    return undefined;
  }
  const decoded = decodeSource(path, bytes);
  if ("diagnostic" in decoded) {
    diagnostics.push(decoded.diagnostic);
    return undefined;
  }
  return { path, text: decoded.text };
}

/** Relative paths ('/' separated) of .dsl files under `relative`, depth-bounded. */
async function collectDslPaths(root: string, relative: string, depth: number, out: string[]) {
  if (depth > folderDepthMax || out.length > fileCountMax) return;
  let entries;
  try {
    entries = await readdir(join(root, relative), { withFileTypes: true });
  } catch {
    return; // No dsl/ folder: reported as project/noDslFiles by the caller.
  }
  for (const entry of entries) {
    const child = `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      // Tool folders are never DSL (this matters when [modules] paths names the project).
      if (!entry.name.startsWith(".") && entry.name !== "node_modules") {
        await collectDslPaths(root, child, depth + 1, out);
      }
    } else if (entry.name.endsWith(".dsl")) {
      // Whatever it is (a link, a FIFO...), reading it says what is wrong with it.
      out.push(child);
    }
  }
}
