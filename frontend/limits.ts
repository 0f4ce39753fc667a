/**
 * Upper bounds on DSL input (Tiger Style: put a limit on everything). Input past a limit gets a
 * coded diagnostic, never a crash, hang or runaway memory use.
 */

/** Largest `.dsl` file we parse. The largest real file seen is ~100 KiB. */
export const fileSizeBytesMax = 2 * 1024 * 1024;

/** Most `.dsl` files in one project. */
export const fileCountMax = 2_000;

/** Longest line, in characters. Longer lines are almost always generated or corrupt. */
export const lineLengthCharactersMax = 1_000;

/** Deepest block nesting (indentation levels). Must stay below the scanner's stack size. */
export const blockDepthMax = 32;

/** Deepest bracket nesting within one value: `((((...))))`. */
export const bracketDepthMax = 32;

/** Most syntax diagnostics reported per file: after that, one more says how many were cut. */
export const syntaxDiagnosticsPerFileMax = 20;

/** Longest excerpt of source text quoted inside a message. */
export const quotedTextCharactersMax = 40;

/**
 * Parse work allowed per byte of a file, in tree-sitter parser operations. Counted, never
 * timed, so a file parses or is refused the same way on an idle and on a loaded machine. Real
 * files need under 1 (a valid 1.3 MB project: 0.63; 3.9 MB of broken lines: 1.0); the bound
 * stops a hostile file that drives error recovery into far more work than its size.
 */
export const parseOperationsPerByteMax = 16;

/** Parse work always allowed, so a tiny file is never refused for its size. */
export const parseOperationsMin = 1_000_000;
