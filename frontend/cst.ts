/**
 * The syntax tree, read once into plain data: one `Line` per statement, with its key atoms,
 * value atoms and nested block. Children are read by field name (`key`, `value`, `body`,
 * `head`, `argument`, `item`); ERROR nodes are skipped here (syntax-errors.ts reports them).
 * Lowering works on this view only, so it never touches wasm memory.
 */
import type { Tree, TreeCursor } from "web-tree-sitter";
import type { Span } from "../ir/span.ts";
import { readAtomsFromText } from "./atoms.ts";
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

interface Reader {
  readonly cursor: TreeCursor;
  readonly text: string;
  readonly index: LineIndex;
}

export function readFileSyntax(tree: Tree, text: string, index: LineIndex): FileSyntax {
  const reader: Reader = { cursor: tree.walk(), text, index };
  let module: FileSyntax["module"];
  const uses: { module: string; alias?: string; span: Span }[] = [];
  const lines: Line[] = [];
  try {
    forEachChild(reader, () => {
      const type = reader.cursor.nodeType;
      if (type === "module_declaration") {
        module ??= { name: fieldText(reader, "name"), span: currentSpan(reader) };
      } else if (type === "use_declaration") {
        const alias = fieldText(reader, "alias");
        uses.push({ module: fieldText(reader, "module"), span: currentSpan(reader),
          ...(alias ? { alias } : {}) });
      } else {
        readStatementInto(reader, lines);
      }
    });
  } finally {
    reader.cursor.delete();
  }
  return { ...(module ? { module } : {}), uses, lines };
}

function currentSpan(reader: Reader): Span {
  return spanOf(reader.index, reader.cursor.startIndex, reader.cursor.endIndex);
}

function currentText(reader: Reader): string {
  return reader.text.slice(reader.cursor.startIndex, reader.cursor.endIndex);
}

/** Calls `visit` with the cursor on each child of the current node, then restores it. */
function forEachChild(reader: Reader, visit: () => void): void {
  if (!reader.cursor.gotoFirstChild()) return;
  do visit(); while (reader.cursor.gotoNextSibling());
  reader.cursor.gotoParent();
}

/** Text of a field child, whitespace removed (`a . b` → `a.b`); "" when absent. */
function fieldText(reader: Reader, field: string): string {
  let text = "";
  forEachChild(reader, () => {
    if (reader.cursor.currentFieldName === field) text = currentText(reader).replace(/\s+/g, "");
  });
  return text;
}

/** Reads a `statement` or `list_item` at the cursor; anything else (ERROR, comment) is skipped. */
function readStatementInto(reader: Reader, out: Line[]): void {
  const type = reader.cursor.nodeType;
  if (type === "statement") {
    const line = readStatement(reader, false);
    if (line) out.push(line);
  } else if (type === "list_item") {
    forEachChild(reader, () => {
      if (reader.cursor.currentFieldName !== "item") return;
      const line = readStatement(reader, true);
      if (line) out.push(line);
    });
  }
}

function readStatement(reader: Reader, isListItem: boolean): Line | undefined {
  const span = currentSpan(reader);
  let key: { head?: Atom; arguments: Atom[]; text: string; span: Span } | undefined;
  let hasColon = false;
  let value: { atoms: Atom[]; text: string; span: Span } | undefined;
  const body: Line[] = [];
  forEachChild(reader, () => {
    const field = reader.cursor.currentFieldName;
    if (field === "key") key = readKey(reader);
    else if (field === "value") {
      value = { atoms: readAtoms(reader), text: currentText(reader), span: currentSpan(reader) };
    } else if (field === "body") forEachChild(reader, () => readStatementInto(reader, body));
    else if (reader.cursor.nodeType === ":") hasColon = true;
  });
  if (!key?.head) return undefined;
  return {
    isListItem, head: key.head, arguments: key.arguments, keyText: key.text, keySpan: key.span,
    hasColon, value: value?.atoms ?? [], body, span,
    ...(value ? { valueText: value.text, valueSpan: value.span } : {}),
  };
}

function readKey(reader: Reader) {
  const start = reader.cursor.startIndex;
  const end = reader.cursor.endIndex;
  const atoms = readAtomsFromText(reader.text, start, end, reader.index);
  return { head: atoms[0], arguments: atoms.slice(1), text: reader.text.slice(start, end),
    span: spanOf(reader.index, start, end) };
}

function readAtoms(reader: Reader): Atom[] {
  return readAtomsFromText(reader.text, reader.cursor.startIndex, reader.cursor.endIndex,
    reader.index);
}
