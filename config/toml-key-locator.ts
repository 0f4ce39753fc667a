/**
 * Where each key of a TOML document was written, by dotted path (`deploy.compute.cpu` →
 * line/column of `cpu`). smol-toml gives values but not positions, and every config error must
 * point at the key the user wrote, so we scan the text once more.
 *
 * The scanner runs only on text that smol-toml already accepted, so it does not validate; it
 * only has to skip strings, comments, arrays and inline tables correctly so that a `=` or `[`
 * inside a value is never taken for a key or a header. A key defined by a `[table]` header is
 * located at the header's last key.
 */
import type { Span } from "../ir/span.ts";

/** Dotted key path → span of the key as written (the last segment of a dotted key). */
export type KeyLocations = ReadonlyMap<string, Span>;

interface Cursor {
  readonly text: string;
  readonly file: string;
  offset: number;
  line: number;
  column: number;
  readonly locations: Map<string, Span>;
}

/** Nesting of arrays and inline tables we follow; smol-toml's own limit is lower. */
const valueDepthMax = 1000;

export function locateKeys(text: string, file: string): KeyLocations {
  const cursor: Cursor = { text, file, offset: 0, line: 1, column: 1, locations: new Map() };
  let table: string[] = [];
  // Every step consumes at least one character, so text.length bounds the loop.
  for (let step = 0; step <= text.length && cursor.offset < text.length; step++) {
    skipBlank(cursor, true);
    if (cursor.offset >= text.length) break;
    if (peek(cursor) === "[") {
      table = readHeader(cursor);
    } else {
      readKeyValue(cursor, table, 0);
    }
    skipToLineEnd(cursor);
  }
  return cursor.locations;
}

function peek(cursor: Cursor, ahead = 0): string {
  return cursor.text[cursor.offset + ahead] ?? "";
}

function advance(cursor: Cursor): void {
  const char = cursor.text[cursor.offset];
  cursor.offset++;
  if (char === "\n") {
    cursor.line++;
    cursor.column = 1;
  } else {
    cursor.column++;
  }
}

/** Skip spaces and tabs; with `newlines`, also line breaks and comments. */
function skipBlank(cursor: Cursor, newlines: boolean): void {
  while (cursor.offset < cursor.text.length) {
    const char = peek(cursor);
    if (char === " " || char === "\t") advance(cursor);
    else if (newlines && (char === "\n" || char === "\r")) advance(cursor);
    else if (newlines && char === "#") skipToLineEnd(cursor);
    else return;
  }
}

function skipToLineEnd(cursor: Cursor): void {
  while (cursor.offset < cursor.text.length && peek(cursor) !== "\n") advance(cursor);
}

function readHeader(cursor: Cursor): string[] {
  advance(cursor);
  const arrayOfTables = peek(cursor) === "[";
  if (arrayOfTables) advance(cursor);
  const keys = readKeyPath(cursor, []);
  return keys;
}

/** Reads `a."b".c`, records a span for every prefix, returns the segments. */
function readKeyPath(cursor: Cursor, prefix: readonly string[]): string[] {
  const segments = [...prefix];
  for (let count = 0; count < cursor.text.length; count++) {
    skipBlank(cursor, false);
    const line = cursor.line;
    const column = cursor.column;
    segments.push(readKeySegment(cursor));
    const path = segments.join(".");
    if (!cursor.locations.has(path)) {
      cursor.locations.set(path, {
        file: cursor.file,
        line,
        column,
        endLine: cursor.line,
        endColumn: cursor.column,
      });
    }
    skipBlank(cursor, false);
    if (peek(cursor) !== ".") break;
    advance(cursor);
  }
  return segments;
}

function readKeySegment(cursor: Cursor): string {
  const quote = peek(cursor);
  if (quote === "\"" || quote === "'") {
    const start = cursor.offset;
    skipString(cursor);
    const raw = cursor.text.slice(start, cursor.offset);
    return quote === "\"" ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }
  const start = cursor.offset;
  while (/[A-Za-z0-9_-]/.test(peek(cursor))) advance(cursor);
  return cursor.text.slice(start, cursor.offset);
}

function readKeyValue(cursor: Cursor, table: readonly string[], depth: number): void {
  const path = readKeyPath(cursor, table);
  skipBlank(cursor, false);
  if (peek(cursor) === "=") advance(cursor);
  skipBlank(cursor, false);
  skipValue(cursor, path, depth);
}

function skipValue(cursor: Cursor, path: readonly string[], depth: number): void {
  if (depth > valueDepthMax) throw new Error("TOML value nesting deeper than smol-toml allows");
  const char = peek(cursor);
  if (char === "\"" || char === "'") return skipString(cursor);
  if (char === "[") return skipArray(cursor, path, depth);
  if (char === "{") return skipInlineTable(cursor, path, depth);
  while (cursor.offset < cursor.text.length && !/[\s,\]}#]/.test(peek(cursor))) advance(cursor);
}

function skipArray(cursor: Cursor, path: readonly string[], depth: number): void {
  advance(cursor);
  for (let count = 0; count < cursor.text.length; count++) {
    skipBlank(cursor, true);
    if (peek(cursor) === "]" || cursor.offset >= cursor.text.length) break;
    skipValue(cursor, path, depth + 1);
    skipBlank(cursor, true);
    if (peek(cursor) === ",") advance(cursor);
  }
  advance(cursor);
}

function skipInlineTable(cursor: Cursor, path: readonly string[], depth: number): void {
  advance(cursor);
  for (let count = 0; count < cursor.text.length; count++) {
    skipBlank(cursor, true);
    if (peek(cursor) === "}" || cursor.offset >= cursor.text.length) break;
    readKeyValue(cursor, path, depth + 1);
    skipBlank(cursor, true);
    if (peek(cursor) === ",") advance(cursor);
  }
  advance(cursor);
}

/** Skips a basic, literal or multi-line string starting at the cursor. */
function skipString(cursor: Cursor): void {
  const quote = peek(cursor);
  const multiline = peek(cursor, 1) === quote && peek(cursor, 2) === quote;
  const delimiter = multiline ? quote.repeat(3) : quote;
  for (let index = 0; index < delimiter.length; index++) advance(cursor);
  while (cursor.offset < cursor.text.length) {
    if (quote === "\"" && peek(cursor) === "\\") {
      advance(cursor);
      advance(cursor);
      continue;
    }
    if (cursor.text.startsWith(delimiter, cursor.offset)) {
      for (let index = 0; index < delimiter.length; index++) advance(cursor);
      // A multi-line string may end with up to two extra quotes (`""""` closes after one).
      while (multiline && peek(cursor) === quote) advance(cursor);
      return;
    }
    advance(cursor);
  }
}
