/**
 * Splits the text of a `key` or `value` node into atoms. Tree-sitter has already accepted the
 * text and located the node; this only re-reads its tokens: one regular expression in
 * JavaScript instead of several wasm calls per token, which makes lowering several times
 * faster (most of all in a cold binary). The token rules are grammar.js's (longest match:
 * `30min` is a duration, `1.5` a number; brackets group to their match).
 */
import type { Atom, AtomKind } from "./cst.ts";
import { spanOf, type LineIndex } from "./source-text.ts";

// Order matters where prefixes overlap: duration before number, long operators first.
const tokenPattern = new RegExp([
  /(?<space>[ \t\f\r\n\uFEFF]+|#[^\n]*)/.source,
  /(?<duration>[0-9]+(?:ms|min|s|m|h|d|w|y))/.source,
  /(?<number>[0-9]+(?:\.[0-9]+)?)/.source,
  /(?<identifier>[\p{L}_][\p{L}\p{N}_]*)/u.source,
  /(?<string>"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*')/.source,
  /(?<open>[([])/.source,
  /(?<close>[)\]])/.source,
  /(?<operator><->|->|<-|==|!=|>=|<=|[,.?/+*%$|=><:-])/.source,
].join("|"), "yu");

/** Bound on tokens in one key or value (a value is at most one file, which is bounded). */
const tokensPerTextMax = 1_000_000;

export interface LineAtoms {
  readonly atoms: Atom[];
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
  text: string, start: number, stopAtColon: boolean, index: LineIndex,
): LineAtoms {
  const atoms: Atom[] = [];
  let depth = 0;
  let groupStart = 0;
  let groupKind: AtomKind = "parenthesized";
  let end = start;
  tokenPattern.lastIndex = start;
  for (let count = 0; count < tokensPerTextMax && tokenPattern.lastIndex < text.length; count++) {
    const at = tokenPattern.lastIndex;
    const match = tokenPattern.exec(text);
    // Only for text tree-sitter rejected (reported elsewhere): stop rather than loop.
    if (!match || match.index !== at) break;
    const groups = match.groups!;
    const tokenEnd = tokenPattern.lastIndex;
    const space = groups["space"];
    if (space !== undefined) {
      if (depth === 0 && (space.includes("\n") || space.startsWith("#"))) break;
      continue;
    }
    end = tokenEnd;
    if (groups["open"] !== undefined) {
      if (depth === 0) {
        groupStart = at;
        groupKind = groups["open"] === "(" ? "parenthesized" : "bracketed";
      }
      depth += 1;
      continue;
    }
    if (groups["close"] !== undefined) {
      depth = Math.max(0, depth - 1);
      if (depth === 0) atoms.push(makeAtom(groupKind, text, groupStart, tokenEnd, index));
      continue;
    }
    if (depth > 0) continue;
    if (stopAtColon && match[0] === ":") {
      return { atoms, end: at, stoppedAtColon: true, colonOffset: at };
    }
    const kind: AtomKind = groups["duration"] !== undefined ? "duration"
      : groups["number"] !== undefined ? "number"
      : groups["identifier"] !== undefined ? "identifier"
      : groups["string"] !== undefined ? "string"
      : "operator";
    atoms.push(makeAtom(kind, text, at, tokenEnd, index));
  }
  return { atoms, end, stoppedAtColon: false, colonOffset: -1 };
}

function makeAtom(kind: AtomKind, text: string, start: number, end: number, index: LineIndex) {
  return { kind, text: text.slice(start, end), span: spanOf(index, start, end) };
}
