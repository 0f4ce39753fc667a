/**
 * The front end's limits are deterministic: bytes, nesting depth and counted parse work, never
 * wall-clock time. The same file gives the same result on an idle and on a loaded machine;
 * here a "loaded machine" is a clock that jumps 10 s at every reading, which made the old
 * 2-second parse limit refuse any large file.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { loadSources } from "../../frontend/index.ts";
import { generateProject } from "../../frontend/generated-project.ts";
import { fileSizeBytesMax } from "../../frontend/limits.ts";
import { parseOperationsBudget, parseWithinBudget } from "../../frontend/parse-budget.ts";
import { createDazzleParser } from "../../frontend/parser.ts";
import "./test-env.ts";

/** Valid generated DSL of just under `bytes` bytes, cut at a construct boundary. */
function validTextOf(bytes: number): string {
  let text = "";
  for (let lines = 20_000; Buffer.byteLength(text) < bytes; lines *= 2) {
    text = generateProject(lines).map((file) => file.text).join("\n");
  }
  const cut = text.slice(0, bytes);
  return cut.slice(0, cut.lastIndexOf("\n\n") + 1);
}

const realNow = performance.now.bind(performance);
afterEach(() => {
  performance.now = realNow;
});

/** A clock on a machine so loaded that every reading is 10 s after the last. */
function slowClock(): void {
  let now = 0;
  performance.now = () => (now += 10_000);
}

const summary = async (text: string) =>
  (await loadSources([{ path: "big.dsl", text }]))
    .diagnostics.map((d) => `${d.code} ${d.message}`);

describe("deterministic limits", () => {
  const nearLimit = validTextOf(fileSizeBytesMax - 64 * 1024);

  test("a valid file just under 2 MiB loads clean, with a fast and with a slow clock", async () => {
    expect(Buffer.byteLength(nearLimit)).toBeGreaterThan(1.9 * 1024 * 1024);
    const idle = await summary(nearLimit);
    slowClock();
    const loaded = await summary(nearLimit);
    expect(idle).toEqual([]);
    expect(loaded).toEqual(idle);
  }, 60_000);

  test("one byte over 2 MiB is refused by its size, with either clock", async () => {
    const over = "#" + "x".repeat(fileSizeBytesMax);
    const idle = await summary(over);
    slowClock();
    expect(await summary(over)).toEqual(idle);
    expect(idle).toEqual([`source/fileTooLarge file is ${fileSizeBytesMax + 1} bytes; the ` +
      `limit is ${fileSizeBytesMax}`]);
  });

  test("nesting past the limit is refused the same way with either clock", async () => {
    const deep = Array.from({ length: 40 }, (_, depth) => `${"  ".repeat(depth)}k${depth}:`)
      .join("\n") + "\n" + "  ".repeat(40) + "v: 1\n";
    const idle = await summary(deep);
    slowClock();
    expect(await summary(deep)).toEqual(idle);
    expect(idle.some((line) => line.startsWith("source/nestingTooDeep"))).toBe(true);
  });

  test("parse work is counted: a budget below what a file needs refuses it, every time",
    async () => {
      const parser = await createDazzleParser();
      try {
        const text = nearLimit.slice(0, 200_000);
        const within = parseWithinBudget(parser, text, parseOperationsBudget(200_000));
        expect(within?.rootNode.hasError).toBe(false);
        within?.delete();
        // The same small budget refuses the same file on every run, whatever the clock says.
        const refusals = [0, 1, 2].map(() => {
          slowClock();
          const tree = parseWithinBudget(parser, text, 10_000);
          tree?.delete();
          return tree === undefined;
        });
        expect(refusals).toEqual([true, true, true]);
      } finally {
        parser.delete();
      }
    });
});
