/**
 * The hand-written token scanner agrees, token for token, with grammar.js's token rules
 * written as one regular expression (the oracle below), on every real DSL file and on seeded
 * random text: same token kind, same extent, and no token where the rules match none.
 */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { scanToken, type TokenKind } from "../../frontend/token-scanner.ts";
import { dslCorpusDir, hasDslCorpus, skipWithoutCorpus } from "./test-env.ts";

skipWithoutCorpus("the token scanner on the corpus files");

// Order matters where prefixes overlap: duration before number, long operators first.
const oracle = new RegExp([
  /(?<space>[ \t\f\r\n\uFEFF]+)/.source,
  /(?<comment>#[^\n]*)/.source,
  /(?<duration>[0-9]+(?:ms|min|s|m|h|d|w|y))/.source,
  /(?<number>[0-9]+(?:\.[0-9]+)?)/.source,
  /(?<identifier>[\p{L}_][\p{L}\p{N}_]*)/u.source,
  /(?<string>"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*')/.source,
  /(?<open>[([])/.source,
  /(?<close>[)\]])/.source,
  /(?<operator><->|->|<-|==|!=|>=|<=|[,.?/+*%$|=><:-])/.source,
].join("|"), "yu");

function oracleToken(text: string, at: number): { kind: TokenKind; end: number } | undefined {
  oracle.lastIndex = at;
  const match = oracle.exec(text);
  // A `u` regex may back up to the start of a surrogate pair; lowering never asks mid-pair.
  if (!match || match.index !== at) return undefined;
  const kind = Object.entries(match.groups!).find(([, value]) => value !== undefined)![0];
  return { kind: kind as TokenKind, end: oracle.lastIndex };
}

function insideSurrogatePair(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  const before = text.charCodeAt(at - 1);
  return code >= 0xdc00 && code <= 0xdfff && before >= 0xd800 && before <= 0xdbff;
}

/** Compare at every code point offset, not only token starts: every suffix is a case. */
function disagreements(text: string): string[] {
  const found: string[] = [];
  for (let at = 0; at < text.length && found.length < 5; at++) {
    if (insideSurrogatePair(text, at)) continue;
    const expected = oracleToken(text, at);
    const actual = scanToken(text, at);
    if (JSON.stringify(expected) !== JSON.stringify(actual)) {
      found.push(`at ${at} (${JSON.stringify(text.slice(at, at + 12))}): expected ` +
        `${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    }
  }
  return found;
}

function dslFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".dsl")).map((name) => join(folder, name));
}

test("agrees with the token rules on the example and on every corpus file", () => {
  const files = [...dslFiles(join(import.meta.dir, "../../example")),
    ...(hasDslCorpus ? dslFiles(dslCorpusDir) : [])];
  // The example has 3 files; the corpus adds 20.
  expect(files.length).toBeGreaterThan(hasDslCorpus ? 20 : 2);
  for (const file of files) {
    expect({ file, disagreements: disagreements(readFileSync(file, "utf8")) })
      .toEqual({ file, disagreements: [] });
  }
});

test("agrees on seeded random text full of edge cases (units, escapes, surrogates)", () => {
  // Every unit, space character, operator and bracket of the rules, plus their near misses.
  const pieces = ["5", "12", "1.5", "3.", "min", "ms", "m", "s", "h", "d", "w", "y", "x", "_a", "é",
    "名", "𝒳", "٣", "\"", "'", "\\", "\\\"", "#", "\n", " ", "\t", "\f", "\r", "\uFEFF", "<->",
    "->", "<-", "<", ">", "-", "=", "==", "!", "!=", ">=", "<=", "(", ")", "[", "]", ":", ",", ".",
    "?", "/", "+", "*", "%", "$", "|", "\ud800", "€", "sec", "{", "@"];
  let seed = 20261126;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let sample = 0; sample < 2000; sample++) {
    let text = "";
    const length = 1 + Math.floor(random() * 24);
    for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
    expect({ text, disagreements: disagreements(text) }).toEqual({ text, disagreements: [] });
  }
});
