/**
 * The front end's core: for each file, `@use` expansion → source checks → tree-sitter
 * parse → syntax diagnostics → lowering; then, when no file has a source or syntax error,
 * cross-file validation. (Validation of a half-parsed project would mostly report the parse
 * errors again, as missing keys and unknown names.)
 */
import type { Parser } from "web-tree-sitter";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { AppSpec } from "../ir/appspec.ts";
import { frontendDiagnostic } from "./codes.ts";
import { readFileSyntax } from "./cst.ts";
import type { LoadedProject, SourceFile } from "./index.ts";
import { fileSizeBytesMax, parseOperationsPerByteMax,
  syntaxDiagnosticsPerFileMax } from "./limits.ts";
import { createLowerContext, type LowerContext } from "./lower/context.ts";
import { emptyAppSpecParts, lowerFile, type AppSpecParts } from "./lower/file.ts";
import { parseOperationsBudget, parseWithinBudget } from "./parse-budget.ts";
import { createDazzleParser } from "./parser.ts";
import { checkSource } from "./source-checks.ts";
import { buildLineIndex } from "./source-text.ts";
import { syntaxDiagnostics } from "./syntax-errors.ts";
import { validateAppSpec } from "./validate.ts";
import { expandVocabulary } from "./vocabulary/expand.ts";
import { readVocabularyManifest, type ManifestResult,
  type VocabularySource } from "./vocabulary/manifest.ts";
import type { SpanOrigins } from "./vocabulary/span-origin.ts";
import { warmUpParser, warmUpSourceCharactersMin } from "./warm-up.ts";

export async function loadSourcesWith(
  files: readonly SourceFile[],
  earlier: readonly Diagnostic[],
  /** The project's manifest; "unreadable" when it is there but could not be read (reported). */
  vocabularySource?: VocabularySource | "unreadable",
): Promise<LoadedProject> {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parser = await createDazzleParser();
  const characters = sorted.reduce((sum, file) => sum + file.text.length, 0);
  if (characters >= warmUpSourceCharactersMin) warmUpParser(parser);
  const context = createLowerContext();
  const parts = emptyAppSpecParts();
  const vocabulary = vocabularySource === "unreadable" ?
    { diagnostics: [] } :
    vocabularySource && readVocabularyManifest(vocabularySource);
  const syntax: Diagnostic[] = [...earlier, ...vocabulary?.diagnostics ?? []];
  const expansions = new Map<string, SpanOrigins>();
  try {
    for (const file of sorted) {
      syntax.push(...loadExpandedFile(parser, context, parts, file, vocabulary, expansions));
    }
  } finally {
    parser.delete();
  }
  const appSpec: AppSpec = { ...parts };
  const diagnostics = [...syntax, ...context.diagnostics];
  if (!hasErrors(syntax)) {
    // Their spans are mapped already (the IR's are); the message says which expansion.
    diagnostics.push(
      ...validateAppSpec(appSpec, context.references).map((diagnostic) =>
        expansions.get(diagnostic.span?.file ?? "")?.noteExpansion(diagnostic) ?? diagnostic
      ),
    );
  }
  return {
    appSpec,
    diagnostics: sortDiagnostics(diagnostics),
    sources: new Map(sorted.map((file) => [file.path, file.text])),
    ...(typeof vocabularySource === "object" ? { vocabularySource } : {}),
  };
}

/**
 * A file with `@use` lines is loaded expanded; what its lowering added (IR, references,
 * diagnostics) is then said in the positions of the file as written.
 */
function loadExpandedFile(
  parser: Parser,
  context: LowerContext,
  parts: AppSpecParts,
  file: SourceFile,
  vocabulary: ManifestResult | undefined,
  expansions: Map<string, SpanOrigins>,
): Diagnostic[] {
  const { text, origins, diagnostics } = expandVocabulary(file, vocabulary);
  if (origins === undefined) {
    return [...diagnostics, ...loadFile(parser, context, parts, { path: file.path, text })];
  }
  expansions.set(file.path, origins);
  const before = snapshot(parts, context);
  const found = loadFile(parser, context, parts, { path: file.path, text });
  remapAdded(parts, context, before, origins);
  return [...diagnostics, ...found.map((d) => origins.mapDiagnostic(d))];
}

/** How far each list had grown before a file was lowered, and the app declared until then. */
interface Snapshot {
  readonly lengths: ReadonlyMap<unknown[], number>;
  readonly app: AppSpecParts["app"];
}

/** Every list lowering appends to (derived, so a construct list added later is mapped too). */
function listsOf(parts: AppSpecParts, context: LowerContext): unknown[][] {
  const lists = Object.values(parts).filter((value): value is unknown[] => Array.isArray(value));
  return [...lists, context.references];
}

function snapshot(parts: AppSpecParts, context: LowerContext): Snapshot {
  return { lengths: new Map([...listsOf(parts, context), context.diagnostics]
    .map((list) => [list, list.length])), app: parts.app };
}

function remapAdded(
  parts: AppSpecParts,
  context: LowerContext,
  before: Snapshot,
  origins: SpanOrigins,
): void {
  for (const list of listsOf(parts, context)) {
    for (let index = before.lengths.get(list)!; index < list.length; index++) {
      list[index] = origins.mapDeep(list[index]);
    }
  }
  const diagnostics = context.diagnostics;
  for (let index = before.lengths.get(diagnostics)!; index < diagnostics.length; index++) {
    diagnostics[index] = origins.mapDiagnostic(diagnostics[index]!);
  }
  if (parts.app !== before.app) parts.app = origins.mapDeep(parts.app);
}

/** Lowers one file into `parts`; returns its source and syntax diagnostics. */
function loadFile(
  parser: Parser,
  context: LowerContext,
  parts: AppSpecParts,
  file: SourceFile,
): Diagnostic[] {
  const wholeFile = { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
  // Bytes, as on disk (project-files.ts refuses a larger file before reading it).
  const bytes = Buffer.byteLength(file.text, "utf8");
  if (bytes > fileSizeBytesMax) {
    return [
      frontendDiagnostic("source/fileTooLarge",
        `file is ${bytes} bytes; the limit is ${fileSizeBytesMax}`, wholeFile,
        "split it into several .dsl files"),
    ];
  }
  const index = buildLineIndex(file.path, file.text);
  const checked = checkSource(index, file.text);
  if (!checked.parseable) return [...checked.diagnostics];
  const budget = parseOperationsBudget(bytes);
  const tree = parseWithinBudget(parser, file.text, budget);
  if (!tree) {
    return [...checked.diagnostics,
      frontendDiagnostic("source/tooComplex",
        `parsing this file needs more than ${budget} parser operations, the limit for its ` +
          `${bytes} bytes (${parseOperationsPerByteMax} per byte)`, wholeFile,
        "fix the first syntax errors, or split the file")];
  }
  try {
    const syntax = syntaxDiagnostics(tree, file.text, index, checked.diagnostics);
    const found = [...checked.diagnostics, ...syntax];
    lowerFile(context, parts, file.path, readFileSyntax(tree, file.text, index));
    return capPerFile(found, file.path);
  } finally {
    tree.delete();
  }
}

function capPerFile(found: Diagnostic[], path: string): Diagnostic[] {
  if (found.length <= syntaxDiagnosticsPerFileMax) return found;
  const kept = sortDiagnostics(found).slice(0, syntaxDiagnosticsPerFileMax);
  const last = kept[kept.length - 1]!.span;
  return [...kept,
    frontendDiagnostic("syntax/tooManyErrors",
      `${found.length - kept.length} more syntax errors in ${path} are not shown`,
      last ? { ...last } : undefined, "fix the first ones and run again")];
}
