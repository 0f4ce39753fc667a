/**
 * The syntax tree, read once into plain data: one `Line` per statement, with its key atoms,
 * value atoms and nested block.
 *
 * One `descendantsOfType` call returns every statement, value, list item, module and use node
 * (with its start) in a single pass inside wasm; walking the tree node by node from
 * JavaScript cost about 8 wasm calls per statement and dominated the run time of a cold
 * binary. Within the tree tree-sitter produced, a statement's block is exactly the statements
 * after it on deeper lines (that is what INDENT/DEDENT encode), and a `value` node belongs to
 * the statement just before it, so nesting is rebuilt from each statement's line
 * indentation; tokens come from atoms.ts.
 */
import type { Node, Tree } from "web-tree-sitter";
import type { Span } from "../ir/span.ts";
import { readLineAtoms } from "./atoms.ts";
import { spanOf, type LineIndex } from "./source-text.ts";

export type AtomKind =
  | "identifier" | "string" | "number" | "duration" | "parenthesized" | "bracketed" | "operator";

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

const tabWidthColumns = 4;

/** A Line under construction: its body and end are known only after later statements. */
interface OpenLine {
  line: Omit<Line, "body" | "span"> & { body: OpenLine[] };
  readonly start: number;
  contentEnd: number;
  readonly lineIndentColumns: number;
}

interface Reader {
  readonly text: string;
  readonly index: LineIndex;
  readonly topLevel: OpenLine[];
  /** Statements whose block may still grow, outermost first. */
  readonly open: OpenLine[];
  readonly uses: { module: string; alias?: string; span: Span }[];
  module?: { name: string; span: Span };
  nextIsListItem: boolean;
  last?: OpenLine;
}

export function readFileSyntax(tree: Tree, text: string, index: LineIndex): FileSyntax {
  const reader: Reader = { text, index, topLevel: [], open: [], uses: [], nextIsListItem: false };
  for (const capture of syntaxCaptures(tree)) readCapture(reader, capture);
  return {
    ...(reader.module ? { module: reader.module } : {}),
    uses: reader.uses,
    lines: reader.topLevel.map((open) => closeLine(open, index)),
  };
}

interface Capture {
  readonly name: string;
  readonly node: Node;
}

/**
 * Every statement, value, list item and module/use declaration, in document order, from one
 * `descendantsOfType` call (a single pass over the tree inside wasm; no query to compile on a
 * cold start).
 */
function syntaxCaptures(tree: Tree): Capture[] {
  const nodes = tree.rootNode.descendantsOfType(capturedTypes);
  return nodes.map((node) => ({ name: node.type, node }));
}

const capturedTypes = ["module_declaration", "use_declaration", "list_item", "statement", "value"];

function readCapture(reader: Reader, capture: Capture): void {
  const start = capture.node.startIndex;
  const row = capture.node.startPosition.row;
  switch (capture.name) {
    case "module_declaration": {
      const match = modulePattern.exec(lineText(reader, row));
      if (match) reader.module ??= { name: compact(match[1]!), span: lineSpan(reader, row) };
      return;
    }
    case "use_declaration": {
      const match = usePattern.exec(lineText(reader, row));
      if (match) {
        reader.uses.push({ module: compact(match[1]!), span: lineSpan(reader, row),
          ...(match[2] ? { alias: match[2] } : {}) });
      }
      return;
    }
    case "list_item":
      reader.nextIsListItem = true;
      return;
    case "statement":
      openStatement(reader, start, row);
      return;
    case "value":
      readValue(reader, start);
      return;
  }
}

const dottedName = String.raw`[A-Za-z_][A-Za-z0-9_]*(?:[ 	]*\.[ 	]*[A-Za-z_][A-Za-z0-9_]*)*`;
const modulePattern = new RegExp(String.raw`^\s*module\s+(${dottedName})`);
const usePattern = new RegExp(
  String.raw`^\s*use\s+(${dottedName})(?:\s+as\s+([A-Za-z_][A-Za-z0-9_]*))?`);

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
  const newline = reader.text.indexOf("\n", lineStart);
  const line = reader.text.slice(lineStart, newline === -1 ? undefined : newline);
  const start = lineStart + (line.length - line.trimStart().length);
  return spanOf(reader.index, start, lineStart + line.trimEnd().length);
}

function indentColumnsOfRow(reader: Reader, row: number): number {
  let columns = 0;
  for (let at = reader.index.lineStarts[row] ?? 0; at < reader.text.length; at++) {
    const c = reader.text[at];
    if (c === " ") columns += 1;
    else if (c === "\t") columns += tabWidthColumns;
    else break;
  }
  return columns;
}

function openStatement(reader: Reader, start: number, row: number): void {
  const isListItem = reader.nextIsListItem;
  reader.nextIsListItem = false;
  reader.last = undefined;
  const key = readLineAtoms(reader.text, start, true, reader.index);
  const head = key.atoms[0];
  if (!head) return; // A key tree-sitter had to invent (MISSING): reported as a syntax error.
  // The line's indentation as the scanner measures it (a list item's `- ` is not part of
  // it): deeper lines after it are its block, equal or shallower lines close it.
  const lineIndentColumns = indentColumnsOfRow(reader, row);
  const open: OpenLine = {
    line: { isListItem, head, arguments: key.atoms.slice(1),
      keyText: reader.text.slice(start, key.end), keySpan: spanOf(reader.index, start, key.end),
      hasColon: key.stoppedAtColon, value: [], body: [] },
    start, contentEnd: key.stoppedAtColon ? key.colonOffset + 1 : key.end, lineIndentColumns,
  };
  while (reader.open.length > 0 &&
    reader.open[reader.open.length - 1]!.lineIndentColumns >= lineIndentColumns) {
    reader.open.pop();
  }
  const parent = reader.open[reader.open.length - 1];
  (parent ? parent.line.body : reader.topLevel).push(open);
  reader.open.push(open);
  reader.last = open;
}

function readValue(reader: Reader, start: number): void {
  const owner = reader.last;
  if (!owner || start < owner.contentEnd) return;
  const value = readLineAtoms(reader.text, start, false, reader.index);
  owner.line = { ...owner.line, value: value.atoms,
    valueText: reader.text.slice(start, value.end),
    valueSpan: spanOf(reader.index, start, value.end) };
  owner.contentEnd = value.end;
}

/** Freezes an OpenLine: its span runs to the end of its last nested line. */
function closeLine(open: OpenLine, index: LineIndex): Line {
  const body = open.line.body.map((child) => closeLine(child, index));
  const lastChild = body[body.length - 1];
  const end = lastChild ? Math.max(open.contentEnd, offsetOfSpanEnd(lastChild.span, index))
    : open.contentEnd;
  return { ...open.line, body, span: spanOf(index, open.start, end) };
}

function offsetOfSpanEnd(span: Span, index: LineIndex): number {
  return index.lineStarts[span.endLine - 1]! + span.endColumn - 1;
}
