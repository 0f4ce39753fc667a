/**
 * A source location. Every IR node that comes from user input carries one, so that any later
 * stage (validation, preflight) can point back at the line that caused it.
 *
 * Lines and columns are 1-based (what editors show); offsets are 0-based UTF-8 byte offsets
 * into the file (what tree-sitter reports).
 */
export interface Span {
  /** Path of the file, relative to the project root, with `/` separators. */
  readonly file: string;
  /** 1-based line of the first character. */
  readonly line: number;
  /** 1-based column (in characters) of the first character. */
  readonly column: number;
  /** 1-based line of the last character (inclusive). */
  readonly endLine: number;
  /** 1-based column just past the last character. */
  readonly endColumn: number;
}
