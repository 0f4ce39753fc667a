/**
 * Finding and reading a project's `dsl/**\/*.dsl` files (the only I/O of the front end).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { frontendDiagnostic } from "./codes.ts";
import type { SourceFile } from "./index.ts";
import { fileCountMax, fileSizeBytesMax } from "./limits.ts";
import { decodeSource } from "./utf8.ts";

/** Folder depth under dsl/ we descend into. */
const folderDepthMax = 16;

export async function readProjectSources(projectDir: string): Promise<{
  files: SourceFile[]; diagnostics: Diagnostic[];
}> {
  const diagnostics: Diagnostic[] = [];
  const paths: string[] = [];
  await collectDslPaths(projectDir, "dsl", 0, paths);
  paths.sort();
  if (paths.length === 0) {
    diagnostics.push(frontendDiagnostic("project/noDslFiles",
      `no .dsl files under ${join(projectDir, "dsl")}`, undefined,
      "put the application's DSL in dsl/*.dsl (dazzle init creates an example)"));
    return { files: [], diagnostics };
  }
  if (paths.length > fileCountMax) {
    diagnostics.push(frontendDiagnostic("project/tooManyFiles",
      `the project has ${paths.length} .dsl files; the limit is ${fileCountMax}`));
    return { files: [], diagnostics };
  }
  const files: SourceFile[] = [];
  for (const path of paths) {
    const file = await readSource(projectDir, path, diagnostics);
    if (file) files.push(file);
  }
  return { files, diagnostics };
}

async function readSource(projectDir: string, path: string, diagnostics: Diagnostic[]) {
  const span = { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(join(projectDir, path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    diagnostics.push(frontendDiagnostic("project/unreadableFile",
      `cannot read ${path} (${reason})`, span));
    return undefined;
  }
  if (bytes.length > fileSizeBytesMax) {
    diagnostics.push(frontendDiagnostic("source/fileTooLarge",
      `file is ${bytes.length} bytes; the limit is ${fileSizeBytesMax}`, span,
      "split it into several .dsl files"));
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
    if (entry.isDirectory()) await collectDslPaths(root, child, depth + 1, out);
    // Symbolic links are followed by readFile; a broken one is reported as unreadable.
    else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith(".dsl")) {
      out.push(child);
    }
  }
}
