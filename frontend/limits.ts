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

/** How long one file's parse may take before tree-sitter is told to stop. */
export const parseTimeMsMax = 2_000;
