/**
 * One DSL token at a position, by character codes: the token rules of grammar.js (longest
 * match; `30min` is a duration, `1.5` a number). A hand-written scanner rather than one big
 * regular expression because JavaScriptCore runs a `u`-flagged regex with `\p{…}` classes and
 * named groups in its interpreter: on a cold 10,000-line project that regex alone cost ~35 ms.
 * tests/frontend/token-scanner.test.ts checks it against the regular expression on real files.
 */

export type TokenKind = "space" | "comment" | "duration" | "number" | "identifier" | "string"
  | "open" | "close" | "operator";

export interface Token {
  readonly kind: TokenKind;
  /** Offset just past the token. */
  readonly end: number;
}

/** Unit suffixes of a duration, tried in this order (grammar.js's alternation). */
const durationUnits = ["ms", "min", "s", "m", "h", "d", "w", "y"] as const;
const operatorsLong = ["<->", "->", "<-", "==", "!=", ">=", "<="] as const;
const operatorsSingle = ",.?/+*%$|=><:-";

const unicodeLetter = /\p{L}/u;
const unicodeNumber = /\p{N}/u;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 12 || code === 13 || code === 10 ||
    code === 0xfeff;
}

function isLetter(codePoint: number): boolean {
  if (codePoint < 128) {
    return (codePoint >= 65 && codePoint <= 90) || (codePoint >= 97 && codePoint <= 122);
  }
  return unicodeLetter.test(String.fromCodePoint(codePoint));
}

function isIdentifierPart(codePoint: number): boolean {
  if (codePoint < 128) return isLetter(codePoint) || isDigit(codePoint) || codePoint === 95;
  return isLetter(codePoint) || unicodeNumber.test(String.fromCodePoint(codePoint));
}

/** The token starting at `at`, or undefined when no token rule matches there. */
export function scanToken(text: string, at: number): Token | undefined {
  const code = text.charCodeAt(at);
  if (isSpace(code)) {
    let end = at + 1;
    while (end < text.length && isSpace(text.charCodeAt(end))) end += 1;
    return { kind: "space", end };
  }
  if (code === 35) { // '#': a comment to the end of the line
    const newline = text.indexOf("\n", at);
    return { kind: "comment", end: newline < 0 ? text.length : newline };
  }
  if (isDigit(code)) return scanNumeric(text, at);
  const codePoint = text.codePointAt(at)!;
  if (codePoint === 95 || isLetter(codePoint)) return scanIdentifier(text, at, codePoint);
  if (code === 34 || code === 39) return scanString(text, at, code);
  if (code === 40 || code === 91) return { kind: "open", end: at + 1 };
  if (code === 41 || code === 93) return { kind: "close", end: at + 1 };
  for (const operator of operatorsLong) {
    if (text.startsWith(operator, at)) return { kind: "operator", end: at + operator.length };
  }
  if (operatorsSingle.includes(text[at]!)) return { kind: "operator", end: at + 1 };
  return undefined;
}

function scanNumeric(text: string, at: number): Token {
  let end = at;
  while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
  for (const unit of durationUnits) {
    if (text.startsWith(unit, end)) return { kind: "duration", end: end + unit.length };
  }
  if (text.charCodeAt(end) === 46 && isDigit(text.charCodeAt(end + 1))) { // '.' then a digit
    end += 1;
    while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
  }
  return { kind: "number", end };
}

function scanIdentifier(text: string, at: number, first: number): Token {
  let end = at + (first > 0xffff ? 2 : 1);
  while (end < text.length) {
    const codePoint = text.codePointAt(end)!;
    if (!isIdentifierPart(codePoint)) break;
    end += codePoint > 0xffff ? 2 : 1;
  }
  return { kind: "identifier", end };
}

/** A quoted string with backslash escapes; undefined when it never closes. */
function scanString(text: string, at: number, quote: number): Token | undefined {
  let end = at + 1;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code === quote) return { kind: "string", end: end + 1 };
    end += code === 92 ? 2 : 1; // '\\' escapes the next character
  }
  return undefined;
}
