/**
 * Splits the text of a `key` or `value` node into atoms. Tree-sitter has already accepted the
 * text and located the node; this only re-reads its tokens in JavaScript (token-scanner.ts)
 * instead of several wasm calls per token, which makes lowering several times faster (most of
 * all in a cold binary). Brackets group to their match.
 */
import type { Atom, AtomKind } from "./cst.ts";
import { spanOf, type LineIndex } from "./source-text.ts";
import { scanToken } from "./token-scanner.ts";

/** Bound on tokens in one key or value (a value is at most one file, which is bounded). */
const tokensPerTextMax = 1_000_000;

export interface LineAtoms {
  readonly atoms: Atom[];
  /** Offset of the first token read (where the first atom starts); `end` when none was. */
  readonly start: number;
  /** Offset just past the last token read. */
  readonly end: number;
  /** Stopped at a `:` outside brackets (only when asked to). */
  readonly stoppedAtColon: boolean;
  /** Offset of that `:`, or -1. */
  readonly colonOffset: number;
}

/**
 * Reads atoms from `start` to the end of the logical line (a newline or comment outside
 * brackets), or, with `stopAtColon`, to the first `:` outside brackets: a key's extent.
 */
export function readLineAtoms(
  text: string,
  start: number,
  stopAtColon: boolean,
  index: LineIndex,
): LineAtoms {
  const atoms: Atom[] = [];
  let depth = 0;
  let groupStart = 0;
  let groupKind: AtomKind = "parenthesized";
  let firstTokenStart = -1;
  let end = start;
  let at = start;
  for (let count = 0; count < tokensPerTextMax && at < text.length; count++) {
    const token = scanToken(text, at);
    // Only for text tree-sitter rejected (reported elsewhere): stop rather than loop.
    if (!token) break;
    const tokenStart = at;
    at = token.end;
    if (token.kind === "space" || token.kind === "comment") {
      const endsLine = token.kind === "comment" || containsNewline(text, tokenStart, token.end);
      if (depth === 0 && endsLine) break;
      continue;
    }
    end = token.end;
    if (firstTokenStart < 0) firstTokenStart = tokenStart;
    if (token.kind === "open") {
      if (depth === 0) {
        groupStart = tokenStart;
        groupKind = text[tokenStart] === "(" ? "parenthesized" : "bracketed";
      }
      depth += 1;
      continue;
    }
    if (token.kind === "close") {
      depth = Math.max(0, depth - 1);
      if (depth === 0) atoms.push(makeAtom(groupKind, text, groupStart, token.end, index));
      continue;
    }
    if (depth > 0) continue;
    if (stopAtColon && token.kind === "operator" && token.end === tokenStart + 1 &&
      text[tokenStart] === ":") {
      return { atoms, start: firstTokenStart, end: tokenStart, stoppedAtColon: true,
        colonOffset: tokenStart };
    }
    atoms.push(makeAtom(token.kind, text, tokenStart, token.end, index));
  }
  return { atoms, start: firstTokenStart < 0 ? end : firstTokenStart, end, stoppedAtColon: false,
    colonOffset: -1 };
}

function containsNewline(text: string, start: number, end: number): boolean {
  for (let offset = start; offset < end; offset++) {
    if (text.charCodeAt(offset) === 10) return true;
  }
  return false;
}

function makeAtom(kind: AtomKind, text: string, start: number, end: number, index: LineIndex) {
  return { kind, text: text.slice(start, end), span: spanOf(index, start, end) };
}
