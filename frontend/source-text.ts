/**
 * Positions in a source file: JavaScript string indices (UTF-16 units, what web-tree-sitter
 * reports for string input) → 1-based line/column spans.
 */
import type { Span } from "../ir/span.ts";

export interface LineIndex {
  readonly file: string;
  /** Index of the first character of each line. */
  readonly lineStarts: readonly number[];
}

export function buildLineIndex(file: string, text: string): LineIndex {
  const lineStarts = [0];
  let at = text.indexOf("\n");
  while (at !== -1) {
    lineStarts.push(at + 1);
    at = text.indexOf("\n", at + 1);
  }
  return { file, lineStarts };
}

/** 1-based line containing `index` (binary search). */
export function lineOf(index: LineIndex, offset: number): number {
  let low = 0;
  let high = index.lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (index.lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

export function spanOf(index: LineIndex, startOffset: number, endOffset: number): Span {
  const line = lineOf(index, startOffset);
  const endLine = lineOf(index, Math.max(startOffset, endOffset));
  return {
    file: index.file,
    line,
    column: startOffset - index.lineStarts[line - 1]! + 1,
    endLine,
    endColumn: Math.max(startOffset, endOffset) - index.lineStarts[endLine - 1]! + 1,
  };
}

/** Columns a tab advances indentation by (grammar/src/scanner.c's TAB_WIDTH_COLUMNS). */
const tabWidthColumns = 4;

/**
 * A line's indentation as the external scanner measures it, from `start` (a line start) up to
 * `end`: a space is 1 column, a tab 4, CR, form feed and byte-order mark none. Returns the
 * columns and the offset of the first other character.
 */
export function measureIndentation(
  text: string,
  start: number,
  end: number,
): { readonly columns: number; readonly offset: number } {
  let columns = 0;
  let offset = start;
  for (; offset < end; offset++) {
    const c = text[offset];
    if (c === " ") columns += 1;
    else if (c === "\t") columns += tabWidthColumns;
    else if (c !== "\r" && c !== "\f" && c !== "\uFEFF") break;
  }
  return { columns, offset };
}
