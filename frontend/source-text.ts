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
