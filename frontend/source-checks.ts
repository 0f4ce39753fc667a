/**
 * Checks on the raw text before (and independently of) tree-sitter: limits, characters outside
 * the language, unterminated strings and indentation. Tree-sitter's own errors for these cases
 * are generic ("ERROR"); here they get precise codes, columns and wording. The indentation rules
 * are exactly the external scanner's (grammar/src/scanner.c): tab = 4 columns, blank and
 * comment lines ignored, nothing inside brackets, a block opens only after a line with `:`.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { frontendDiagnostic } from "./codes.ts";
import { blockDepthMax, bracketDepthMax, lineLengthCharactersMax } from "./limits.ts";
import { measureIndentation, spanOf, type LineIndex } from "./source-text.ts";

/** Punctuation that may appear outside strings and comments. */
const operatorCharacters = new Set(":,()[].?/+*%$|=!<>-");

export interface SourceCheckResult {
  readonly diagnostics: readonly Diagnostic[];
  /** False when the file must not be handed to the parser (nesting past the limits). */
  readonly parseable: boolean;
}

/** One logical line: a physical line plus any continuation lines inside brackets. */
interface LogicalLine {
  readonly indentColumns: number;
  readonly startOffset: number;
  hasColon: boolean;
  /** Offset of a `:` that is the last code character, outside brackets; -1 if none. */
  trailingColonOffset: number;
}

interface ScanState {
  /** The first code line indented with a tab, and with a space (for mixedIndentation). */
  firstTabIndent?: number;
  firstSpaceIndent?: number;
  mixedReported?: boolean;
  /** A string that began on an earlier line and is not closed yet (strings may span lines). */
  openString?: { readonly quote: string; readonly offset: number };
  bracketDepth: number;
  /** Offsets of the open brackets, innermost last (kept up to the depth limit). */
  readonly openBrackets: number[];
  bracketDepthMaxSeen: number;
  bracketDepthOffset: number;
  readonly diagnostics: Diagnostic[];
}

export function checkSource(index: LineIndex, text: string): SourceCheckResult {
  const state: ScanState = {
    bracketDepth: 0,
    openBrackets: [],
    bracketDepthMaxSeen: 0,
    bracketDepthOffset: 0,
    diagnostics: [],
  };
  const logicalLines: LogicalLine[] = [];
  let current: LogicalLine | undefined;
  for (let line = 0; line < index.lineStarts.length; line++) {
    const start = index.lineStarts[line]!;
    const end = line + 1 < index.lineStarts.length ? index.lineStarts[line + 1]! - 1 : text.length;
    checkLineLength(index, start, end, state.diagnostics);
    const continuation = (state.bracketDepth > 0 || state.openString !== undefined) &&
      current !== undefined;
    const indent = continuation ?
      { columns: 0, offset: start }
      : measureIndentation(text, start, end);
    const code = scanLineCode(index, text, indent.offset, end, state);
    if (!code.hasCode) continue;
    if (!continuation) {
      noteIndentCharacters(index, text, start, indent.offset, state);
      current = { indentColumns: indent.columns, startOffset: indent.offset, hasColon: false,
        trailingColonOffset: -1 };
      logicalLines.push(current);
    }
    current!.hasColon ||= code.hasColonAtDepthZero;
    current!.trailingColonOffset = code.trailingColonOffset;
  }
  if (state.bracketDepthMaxSeen > bracketDepthMax) {
    state.diagnostics.push(
      frontendDiagnostic("source/nestingTooDeep",
        `brackets are nested ${state.bracketDepthMaxSeen} deep; the limit is ${bracketDepthMax}`,
        spanOf(index, state.bracketDepthOffset, state.bracketDepthOffset + 1)),
    );
    return { diagnostics: state.diagnostics, parseable: false };
  }
  if (state.bracketDepth > 0) {
    const open = state.openBrackets[state.openBrackets.length - 1] ?? 0;
    const close = text[open] === "(" ? ")" : "]";
    state.diagnostics.push(
      frontendDiagnostic("syntax/unclosedBracket", `'${text[open]}' is never closed`,
        spanOf(index, open, open + 1),
        `close it with '${close}'; a bracketed value may span lines, but it must end`),
    );
  }
  if (state.openString) reportOpenString(index, text, state.openString, state.diagnostics);
  const parseable = checkIndentation(index, logicalLines, state.diagnostics);
  return { diagnostics: state.diagnostics, parseable };
}

function checkLineLength(index: LineIndex, start: number, end: number, out: Diagnostic[]) {
  const length = end - start;
  if (length <= lineLengthCharactersMax) return;
  const at = start + lineLengthCharactersMax;
  out.push(
    frontendDiagnostic("source/lineTooLong",
      `line is ${length} characters long; the limit is ${lineLengthCharactersMax}`,
      spanOf(index, at, at + 1), "split the value over several lines inside brackets"),
  );
}

/**
 * A tab counts as 4 columns, so mixing is well defined; but a file indented with tabs in one
 * place and spaces in another renders differently in every editor: worth a warning, once.
 */
function noteIndentCharacters(
  index: LineIndex,
  text: string,
  lineStart: number,
  codeStart: number,
  state: ScanState,
): void {
  const indentation = text.slice(lineStart, codeStart);
  if (indentation.includes("\t")) state.firstTabIndent ??= lineStart;
  if (indentation.includes(" ")) state.firstSpaceIndent ??= lineStart;
  if (state.mixedReported || state.firstTabIndent === undefined ||
    state.firstSpaceIndent === undefined) return;
  state.mixedReported = true;
  const tabFirst = state.firstTabIndent < state.firstSpaceIndent;
  const firstKind = tabFirst ? "tabs" : "spaces";
  const earlier = spanOf(index, Math.min(state.firstTabIndent, state.firstSpaceIndent),
    Math.min(state.firstTabIndent, state.firstSpaceIndent) + 1);
  state.diagnostics.push(
    frontendDiagnostic("source/mixedIndentation",
      `this line is indented with ${tabFirst ? "spaces" : "tabs"}, line ${earlier.line} with ` +
        `${firstKind}`, spanOf(index, lineStart, Math.max(lineStart + 1, codeStart)),
      "use one kind of indentation per file (a tab counts as 4 columns)"),
  );
}

/** Scans one physical line from `from` to `end`, tracking strings, comments and brackets. */
function scanLineCode(index: LineIndex, text: string, from: number, end: number, state: ScanState) {
  let hasCode = false;
  let hasColonAtDepthZero = false;
  let trailingColonOffset = -1;
  let at = from;
  if (state.openString) {
    at = scanStringBody(text, at, end, state) + 1;
    hasCode = true;
  }
  for (; at < end; at++) {
    // Most characters are ASCII letters and digits: decided without building a string.
    if (isAsciiWordCode(text.charCodeAt(at))) {
      hasCode = true;
      trailingColonOffset = -1;
      continue;
    }
    const c = text[at]!;
    if (c === "#") break;
    if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\uFEFF") continue;
    hasCode = true;
    trailingColonOffset = -1;
    if (c === "\"" || c === "'") {
      state.openString = { quote: c, offset: at };
      at = scanStringBody(text, at + 1, end, state);
    } else if (c === "(" || c === "[") {
      openBracket(state, at);
    } else if (c === ")" || c === "]") {
      if (state.bracketDepth > 0 && state.openBrackets.length === state.bracketDepth) {
        state.openBrackets.pop();
      }
      state.bracketDepth = Math.max(0, state.bracketDepth - 1);
    } else if (c === ":") {
      if (state.bracketDepth === 0) {
        hasColonAtDepthZero = true;
        trailingColonOffset = at;
      }
    } else if (!isWordCharacter(text, at) && !operatorCharacters.has(c)) {
      state.diagnostics.push(unexpectedCharacter(index, text, at));
      at += text.codePointAt(at)! > 0xffff ? 1 : 0;
    } else if (text.codePointAt(at)! > 0xffff) {
      at += 1;
    }
  }
  return { hasCode, hasColonAtDepthZero, trailingColonOffset };
}

function isAsciiWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) ||
    code === 95;
}

/** Letters and digits of any script, and `_`: what the grammar's identifier accepts. */
function isWordCharacter(text: string, at: number): boolean {
  return /^[\p{L}\p{N}_]$/u.test(String.fromCodePoint(text.codePointAt(at)!));
}

function openBracket(state: ScanState, at: number): void {
  state.bracketDepth += 1;
  if (state.openBrackets.length <= bracketDepthMax) state.openBrackets.push(at);
  if (state.bracketDepth > state.bracketDepthMaxSeen) {
    state.bracketDepthMaxSeen = state.bracketDepth;
    state.bracketDepthOffset = at;
  }
}

function unexpectedCharacter(index: LineIndex, text: string, at: number): Diagnostic {
  const codePoint = text.codePointAt(at)!;
  const control = codePoint <= 0x20 || codePoint === 0x7f ||
    (codePoint >= 0x80 && codePoint < 0xa0);
  const printable = !control;
  const shown = printable ?
    `'${String.fromCodePoint(codePoint)}'`
    : `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
  return frontendDiagnostic("syntax/unexpectedCharacter", `unexpected character ${shown}`,
    spanOf(index, at, at + (codePoint > 0xffff ? 2 : 1)),
    "outside strings and comments a line holds words, numbers, strings and the operators " +
      ": , ( ) [ ] . ? / + * % $ | = == != > >= < <= -> <- <-> -");
}

/**
 * Scans the inside of `state.openString` from `from` up to `end` (one line). Returns the offset
 * of the closing quote and clears `openString`, or returns `end` with the string still open.
 */
function scanStringBody(text: string, from: number, end: number, state: ScanState): number {
  const quote = state.openString!.quote;
  for (let at = from; at < end; at++) {
    const c = text[at];
    if (c === "\\") at += 1;
    else if (c === quote) {
      state.openString = undefined;
      return at;
    }
  }
  return end;
}

function reportOpenString(
  index: LineIndex,
  text: string,
  open: { quote: string; offset: number },
  out: Diagnostic[],
): void {
  const newline = text.indexOf("\n", open.offset);
  const lineEnd = newline === -1 ? text.length : newline;
  out.push(
    frontendDiagnostic("syntax/unterminatedString", "string is never closed",
      spanOf(index, open.offset,
        Math.max(open.offset + 1, text.slice(0, lineEnd).trimEnd().length)),
      `close it with ${open.quote}; a string may span lines, but it must end`),
  );
}

/**
 * Replays the scanner's indent stack over the logical lines. Returns false when nesting passes
 * the limit (the file is then not parsed at all).
 */
function checkIndentation(index: LineIndex, lines: readonly LogicalLine[], out: Diagnostic[]) {
  const levels = [0];
  let previous: LogicalLine | undefined;
  for (const line of lines) {
    const top = levels[levels.length - 1]!;
    if (previous && previous.trailingColonOffset >= 0 && line.indentColumns <= top) {
      out.push(missingBlock(index, previous.trailingColonOffset));
    }
    if (line.indentColumns > top) {
      if (previous?.hasColon) {
        levels.push(line.indentColumns);
        if (levels.length - 1 > blockDepthMax) {
          out.push(
            frontendDiagnostic("source/nestingTooDeep",
              `blocks are nested ${levels.length - 1} deep; the limit is ${blockDepthMax}`,
              spanOf(index, line.startOffset, line.startOffset + 1)),
          );
          return false;
        }
      } else {
        out.push(unexpectedIndentation(index, line, top, previous === undefined));
        levels.push(line.indentColumns);
      }
    } else if (line.indentColumns < top) {
      const enclosing = [...levels];
      while (levels.length > 1 && levels[levels.length - 1]! > line.indentColumns) levels.pop();
      if (levels[levels.length - 1] !== line.indentColumns) {
        out.push(inconsistentIndentation(index, line, enclosing));
        levels.push(line.indentColumns);
      }
    }
    previous = line;
  }
  if (previous && previous.trailingColonOffset >= 0) {
    out.push(missingBlock(index, previous.trailingColonOffset));
  }
  return true;
}

function missingBlock(index: LineIndex, colonOffset: number): Diagnostic {
  return frontendDiagnostic("syntax/missingBlock",
    "a line ending in ':' must be followed by an indented block",
    spanOf(index, colonOffset, colonOffset + 1),
    "indent the lines that belong to it, or write a value after the ':'");
}

function unexpectedIndentation(index: LineIndex, line: LogicalLine, top: number, first: boolean) {
  const span = spanOf(index, line.startOffset, line.startOffset + 1);
  if (first) {
    return frontendDiagnostic("syntax/unexpectedIndentation",
      "the first line of a file must not be indented", span);
  }
  return frontendDiagnostic("syntax/unexpectedIndentation",
    `this line is indented ${line.indentColumns} columns, deeper than its block (${top}), ` +
      "but the line before it does not open a block", span,
    "only a line containing ':' opens a block; remove the extra indentation");
}

function inconsistentIndentation(index: LineIndex, line: LogicalLine, levels: readonly number[]) {
  return frontendDiagnostic("syntax/inconsistentIndentation",
    `this line is indented ${line.indentColumns} columns, which matches no enclosing block ` +
      `(they are indented ${levels.join(", ")})`,
    spanOf(index, line.startOffset, line.startOffset + 1),
    "dedent to the column of an enclosing block; a tab counts as 4 columns");
}
