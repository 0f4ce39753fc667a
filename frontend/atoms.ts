/**
 * Splits the text of a `key` or `value` node into atoms. Tree-sitter has already accepted the
 * text, so this only re-reads it: one regular expression in JavaScript instead of a wasm call
 * per token, which makes lowering several times faster. The token rules are grammar.js's
 * (longest match: `30min` is a duration, `1.5` a number; brackets group to their match).
 */
import type { Atom, AtomKind } from "./cst.ts";
import { spanOf, type LineIndex } from "./source-text.ts";

// Order matters where prefixes overlap: duration before number, long operators first.
const tokenPattern = new RegExp([
  /(?<space>[ \t\f\r\n\uFEFF]+|#[^\n]*)/.source,
  /(?<duration>[0-9]+(?:ms|min|s|m|h|d|w|y))/.source,
  /(?<number>[0-9]+(?:\.[0-9]+)?)/.source,
  /(?<identifier>[A-Za-z_][A-Za-z0-9_]*)/.source,
  /(?<string>"(?:[^"\\\n]|\\[^\n])*"|'(?:[^'\\\n]|\\[^\n])*')/.source,
  /(?<open>[([])/.source,
  /(?<close>[)\]])/.source,
  /(?<operator><->|->|<-|==|!=|>=|<=|[,.?/+*%$|=><:-])/.source,
].join("|"), "y");

/** Bound on tokens in one key or value (a value is at most one file, which is bounded). */
const tokensPerTextMax = 1_000_000;

export function readAtomsFromText(
  text: string, start: number, end: number, index: LineIndex,
): Atom[] {
  const atoms: Atom[] = [];
  let depth = 0;
  let groupStart = 0;
  let groupKind: AtomKind = "parenthesized";
  tokenPattern.lastIndex = start;
  for (let count = 0; count < tokensPerTextMax && tokenPattern.lastIndex < end; count++) {
    const at = tokenPattern.lastIndex;
    const match = tokenPattern.exec(text);
    // Not reachable for text tree-sitter accepted; stop rather than loop.
    if (!match || match.index !== at) break;
    const groups = match.groups!;
    const tokenEnd = tokenPattern.lastIndex;
    if (groups["space"] !== undefined) continue;
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
    const kind: AtomKind = groups["duration"] !== undefined ? "duration"
      : groups["number"] !== undefined ? "number"
      : groups["identifier"] !== undefined ? "identifier"
      : groups["string"] !== undefined ? "string"
      : "operator";
    atoms.push(makeAtom(kind, text, at, tokenEnd, index));
  }
  return atoms;
}

function makeAtom(kind: AtomKind, text: string, start: number, end: number, index: LineIndex) {
  return { kind, text: text.slice(start, end), span: spanOf(index, start, end) };
}
