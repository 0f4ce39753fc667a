/**
 * The syntax tree, read once into plain data: one `Line` per statement, with its key atoms,
 * value atoms and nested block.
 *
 * One `descendantsOfType("statement")` call returns every statement (with its start) in a
 * single pass inside wasm. Everything else about a statement follows from the grammar and the
 * text at that start, without more wasm calls, which dominated a cold binary's run time (even
 * asking a node for its type is one): a statement preceded by `-` is a list item's; its key
 * runs to the first `:` outside brackets and its value from there to the end of the logical
 * line; its block is the statements after it on deeper lines (exactly what the scanner's
 * INDENT/DEDENT encode). tests/frontend/syntax-view-matches-tree.test.ts checks this view
 * against a walk of the tree by field names on every corpus file. Tokens come from atoms.ts.
 */
import type { Tree } from "web-tree-sitter";
import type { Span } from "../ir/span.ts";
import { readLineAtoms } from "./atoms.ts";
import { lineOf, measureIndentation, spanOf, type LineIndex } from "./source-text.ts";

export type AtomKind = "identifier" | "string" | "number" | "duration" | "parenthesized"
  | "bracketed" | "operator";

export interface Atom {
  readonly kind: AtomKind;
  readonly text: string;
  readonly span: Span;
}

export interface Line {
  /** Written as `- ...`. */
  readonly isListItem: boolean;
  readonly head: Atom;
  readonly arguments: readonly Atom[];
  /** The key as written, e.g. `transfer fund_wallet`. */
  readonly keyText: string;
  readonly keySpan: Span;
  readonly hasColon: boolean;
  /** Value atoms, `:` included as operators. Empty when there is no value. */
  readonly value: readonly Atom[];
  readonly valueText?: string;
  readonly valueSpan?: Span;
  readonly body: readonly Line[];
  /** The whole statement, block included. */
  readonly span: Span;
}

export interface FileSyntax {
  readonly module?: { readonly name: string; readonly span: Span };
  readonly uses: readonly { readonly module: string; readonly alias?: string;
    readonly span: Span }[];
  readonly lines: readonly Line[];
}

/** A Line under construction: its body and end are known only after later statements. */
interface OpenLine {
  readonly line: Omit<Line, "body" | "span"> & { body: OpenLine[] };
  readonly start: number;
  readonly contentEnd: number;
  readonly lineIndentColumns: number;
}

interface Reader {
  readonly text: string;
  readonly index: LineIndex;
  readonly topLevel: OpenLine[];
  /** Statements whose block may still grow, outermost first. */
  readonly open: OpenLine[];
}

export function readFileSyntax(tree: Tree, text: string, index: LineIndex): FileSyntax {
  const reader: Reader = { text, index, topLevel: [], open: [] };
  for (const node of tree.rootNode.descendantsOfType("statement")) {
    openStatement(reader, node.startIndex, node.startPosition.row);
  }
  const declarations = readDeclarations(tree, reader);
  return {
    ...(declarations.module ? { module: declarations.module } : {}),
    uses: declarations.uses,
    lines: reader.topLevel.map((open) => closeLine(open, index)),
  };
}

type Declarations = Pick<FileSyntax, "module" | "uses">;

/**
 * `module` and `use` lines: found in the text (they are rare and start a line), confirmed by
 * the tree (`use` can also be an ordinary key inside a block).
 */
function readDeclarations(tree: Tree, reader: Reader): Declarations {
  const uses: { module: string; alias?: string; span: Span }[] = [];
  let module: { name: string; span: Span } | undefined;
  for (const match of reader.text.matchAll(declarationLinePattern)) {
    const keyword = match[1]!;
    const parentType = tree.rootNode.descendantForIndex(match.index!)?.parent?.type;
    if (parentType !== `${keyword}_declaration`) continue;
    const row = lineOf(reader.index, match.index!) - 1;
    if (keyword === "module") {
      const name = modulePattern.exec(lineText(reader, row));
      if (name) module ??= { name: compact(name[1]!), span: lineSpan(reader, row) };
    } else {
      const use = usePattern.exec(lineText(reader, row));
      if (use) {
        uses.push({ module: compact(use[1]!), span: lineSpan(reader, row),
          ...(use[2] ? { alias: use[2] } : {}) });
      }
    }
  }
  return { ...(module ? { module } : {}), uses };
}

const declarationLinePattern = /^[ \t]*(module|use)(?![A-Za-z0-9_])/gm;
const dottedName = String.raw`[A-Za-z_][A-Za-z0-9_]*(?:[ 	]*\.[ 	]*[A-Za-z_][A-Za-z0-9_]*)*`;
const modulePattern = new RegExp(String.raw`^\s*module\s+(${dottedName})`);
const usePattern = new RegExp(
  String.raw`^\s*use\s+(${dottedName})(?:\s+as\s+([A-Za-z_][A-Za-z0-9_]*))?`,
);

function compact(name: string): string {
  return name.replace(/\s+/g, "");
}

function lineText(reader: Reader, row: number): string {
  const lineStart = reader.index.lineStarts[row] ?? 0;
  const newline = reader.text.indexOf("\n", lineStart);
  return reader.text.slice(lineStart, newline === -1 ? undefined : newline);
}

/** A declaration's line, leading and trailing space excluded. */
function lineSpan(reader: Reader, row: number): Span {
  const lineStart = reader.index.lineStarts[row] ?? 0;
  const line = lineText(reader, row);
  const start = lineStart + (line.length - line.trimStart().length);
  return spanOf(reader.index, start, lineStart + line.trimEnd().length);
}

/** Whether the statement at `start` follows a `-` on its line: the item of a list item. */
function followsListDash(text: string, start: number): boolean {
  let at = start - 1;
  while (at >= 0 && (text[at] === " " || text[at] === "\t")) at -= 1;
  return at >= 0 && text[at] === "-";
}

function openStatement(reader: Reader, start: number, row: number): void {
  const key = readLineAtoms(reader.text, start, true, reader.index);
  const head = key.atoms[0];
  if (!head) return; // A key tree-sitter had to invent (MISSING): reported as a syntax error.
  const value = key.stoppedAtColon
    ? readLineAtoms(reader.text, key.colonOffset + 1, false, reader.index) :
    undefined;
  const valueStart = value?.atoms.length ? value.start : -1;
  // The line's indentation as the scanner measures it (a list item's `- ` is not part of
  // it): deeper lines after it are its block, equal or shallower lines close it.
  const lineIndentColumns =
    measureIndentation(reader.text, reader.index.lineStarts[row]!, start).columns;
  const open: OpenLine = {
    line: { isListItem: followsListDash(reader.text, start), head, arguments: key.atoms.slice(1),
      keyText: reader.text.slice(start, key.end), keySpan: spanOf(reader.index, start, key.end),
      hasColon: key.stoppedAtColon, value: value?.atoms ?? [], body: [], ...(valueStart >= 0 ?
        { valueText: reader.text.slice(valueStart, value!.end),
          valueSpan: spanOf(reader.index, valueStart, value!.end) } :
        {}) },
    start,
    lineIndentColumns,
    contentEnd: valueStart >= 0 ? value!.end : key.stoppedAtColon ? key.colonOffset + 1 : key.end,
  };
  while (reader.open.length > 0 &&
    reader.open[reader.open.length - 1]!.lineIndentColumns >= lineIndentColumns) {
    reader.open.pop();
  }
  const parent = reader.open[reader.open.length - 1];
  (parent ? parent.line.body : reader.topLevel).push(open);
  reader.open.push(open);
}

/** Freezes an OpenLine: its span runs to the end of its last nested line. */
function closeLine(open: OpenLine, index: LineIndex): Line {
  const body = open.line.body.map((child) => closeLine(child, index));
  const lastChild = body[body.length - 1];
  const end = lastChild ?
    Math.max(open.contentEnd, offsetOfSpanEnd(lastChild.span, index))
    : open.contentEnd;
  return { ...open.line, body, span: spanOf(index, open.start, end) };
}

function offsetOfSpanEnd(span: Span, index: LineIndex): number {
  return index.lineStarts[span.endLine - 1]! + span.endColumn - 1;
}
