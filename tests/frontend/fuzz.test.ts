/**
 * Bounded, seeded fuzzing of the whole front end with mutated real files: truncation, random
 * bytes, deleted indentation, very deep nesting, very long lines and invalid UTF-8. Every case
 * must finish quickly without throwing, every diagnostic must point inside its file, and every
 * mutation that is broken by construction must produce an error diagnostic.
 */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { decodeSource, loadSources } from "../../frontend/index.ts";
import { dslCorpusDir, hasDslCorpus, repoRoot, skipWithoutCorpus } from "./test-env.ts";

skipWithoutCorpus("fuzzing the corpus files");

const seed = 0x5eed_da22;
const casesPerMutation = 40;
/** A single case taking longer than this counts as a hang. */
const caseTimeMsMax = 2_000;

function mulberry32(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function baseTexts(): string[] {
  const dirs = [join(repoRoot, "example", "dsl")];
  if (hasDslCorpus) {
    for (const entry of readdirSync(dslCorpusDir, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(join(dslCorpusDir, entry.name, "dsl"));
    }
  }
  return dirs.flatMap((dir) =>
    readdirSync(dir).filter((f) => f.endsWith(".dsl")).sort()
      .map((f) => readFileSync(join(dir, f), "utf8"))
  );
}

interface Mutant {
  readonly kind: string;
  readonly text: string;
  /** True when the mutation guarantees a broken file. */
  readonly broken: boolean;
}

type Mutator = (text: string, random: () => number) => Mutant | undefined;

const pickIndex = (length: number, random: () => number) => Math.floor(random() * length);

/** Lines with code (not blank, not comment-only). */
function codeLines(text: string): number[] {
  return text.split("\n").flatMap((line, i) => (/^\s*[^\s#]/.test(line) ? [i] : []));
}

const mutators: Record<string, Mutator> = {
  truncateAnywhere: (text, random) => ({ kind: "truncate",
    text: text.slice(0, pickIndex(text.length, random)), broken: false }),
  truncateInsideString: (text, random) => {
    const quotes = [...text.matchAll(/"[^"\n]{2,}"/g)];
    if (quotes.length === 0) return undefined;
    const quote = quotes[pickIndex(quotes.length, random)]!;
    return { kind: "truncate in string", text: text.slice(0, quote.index + 2), broken: true };
  },
  randomBytes: (text, random) => {
    let out = text;
    for (let i = 0; i < 4; i++) {
      const at = pickIndex(out.length, random);
      out = out.slice(0, at) + String.fromCharCode(pickIndex(128, random)) + out.slice(at);
    }
    return { kind: "random bytes", text: out, broken: false };
  },
  foreignCharacter: (text, random) => {
    const lines = text.split("\n");
    const candidates = codeLines(text);
    const index = candidates[pickIndex(candidates.length, random)]!;
    const line = lines[index]!;
    const indent = line.length - line.trimStart().length;
    const foreignCharacters = "&@;{}~^`\\\u0007";
    const foreign = foreignCharacters[pickIndex(foreignCharacters.length, random)]!;
    lines[index] = line.slice(0, indent) + foreign + line.slice(indent);
    return { kind: "foreign character", text: lines.join("\n"), broken: true };
  },
  deleteIndentation: (text, random) => {
    const lines = text.split("\n");
    const openers = lines.flatMap((line,
      i) => (/:\s*$/.test(line) && !line.trimStart().startsWith("#") &&
          /^\s+\S/.test(lines[i + 1] ?? "")
        ? [i] :
        [])
    );
    if (openers.length === 0) return undefined;
    const opener = openers[pickIndex(openers.length, random)]!;
    lines[opener + 1] = lines[opener + 1]!.trimStart();
    return { kind: "deleted indentation", text: lines.join("\n"), broken: true };
  },
  deepNesting: (text, random) => {
    const depth = 33 + pickIndex(200, random);
    const nested = Array.from({ length: depth }, (_, d) => `${" ".repeat(d * 2)}level${d}:\n`)
      .join("") + `${" ".repeat(depth * 2)}leaf: 1\n`;
    const brackets = random() < 0.5;
    const deep = brackets ? `deep: ${"(".repeat(depth)}x${")".repeat(depth)}\n` : nested;
    return { kind: brackets ? "deep brackets" : "deep blocks", text: text + "\n" + deep,
      broken: true };
  },
  longLine: (text, random) => {
    const length = 1_001 + pickIndex(50_000, random);
    return { kind: "long line", text: `${text}\nlong: "${"x".repeat(length)}"\n`, broken: true };
  },
};

function assertInsideFile(diagnostic: Diagnostic, text: string): void {
  if (!diagnostic.span) return;
  const lineCount = text.split("\n").length;
  expect(diagnostic.span.line).toBeGreaterThanOrEqual(1);
  expect(diagnostic.span.line).toBeLessThanOrEqual(lineCount);
  expect(diagnostic.span.column).toBeGreaterThanOrEqual(1);
}

test("mutated files never crash or hang, and broken ones always get an error", async () => {
  const random = mulberry32(seed);
  const texts = baseTexts();
  let brokenCases = 0;
  let cases = 0;
  for (const [name, mutate] of Object.entries(mutators)) {
    for (let i = 0; i < casesPerMutation; i++) {
      const mutant = mutate(texts[pickIndex(texts.length, random)]!, random);
      if (!mutant) continue;
      const startedMs = performance.now();
      const loaded = await loadSources([{ path: "m.dsl", text: mutant.text }]);
      const elapsedMs = performance.now() - startedMs;
      cases += 1;
      expect({ name, elapsedOk: elapsedMs < caseTimeMsMax }).toEqual({ name, elapsedOk: true });
      for (const diagnostic of loaded.diagnostics) assertInsideFile(diagnostic, mutant.text);
      if (!mutant.broken) continue;
      brokenCases += 1;
      const errors = loaded.diagnostics.filter((d) => d.severity === "error");
      expect({ kind: mutant.kind, hasError: errors.length > 0 })
        .toEqual({ kind: mutant.kind, hasError: true });
    }
  }
  expect(cases).toBeGreaterThan(200);
  expect(brokenCases).toBeGreaterThan(150);
}, 60_000);

test("invalid UTF-8 anywhere in a file is a located diagnostic", () => {
  const random = mulberry32(seed + 1);
  const texts = baseTexts();
  for (let i = 0; i < casesPerMutation; i++) {
    const bytes = Buffer.from(texts[pickIndex(texts.length, random)]!, "utf8");
    const at = pickIndex(bytes.length, random);
    const invalid = [0xff, 0xc0, 0x80, 0xed][pickIndex(4, random)]!;
    const mutated = Buffer.concat([bytes.subarray(0, at), Buffer.from([invalid]),
      bytes.subarray(at)]);
    const decoded = decodeSource("m.dsl", mutated);
    expect("diagnostic" in decoded).toBe(true);
    if ("diagnostic" in decoded) {
      expect(decoded.diagnostic.code).toBe("source/notUtf8");
      expect(decoded.diagnostic.message).toContain(`at offset ${at}`);
    }
  }
});
