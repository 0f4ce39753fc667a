/** The benchmark runner's arithmetic and table: medians, p90, baseline ratios, missed targets. */
import { describe, expect, test } from "bun:test";
import { median, percentile, renderTable, runEntries } from "../../bench/run.ts";

describe("bench runner", () => {
  test("median and p90", () => {
    expect([median([5, 1, 3]), median([4, 1, 3, 2]),
      percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)]).toEqual([3, 2.5, 9]);
  });

  test("timed rows run warm-up + N times; ratios use the baseline from the same run", async () => {
    let calls = 0;
    const results = await runEntries([
      { name: "floor", runs: 3, run: () => void calls++ },
      { name: "size", unit: "bytes", measure: () => 200 * 1024 * 1024,
        targetMax: 170 * 1024 * 1024 },
      { name: "half", unit: "bytes", baseline: "size", measure: () => 100 * 1024 * 1024 },
    ]);
    expect(calls).toBe(4);
    const { text, missed } = renderTable(results);
    expect(missed).toEqual(["size"]);
    const lines = text.split("\n");
    expect(lines[2]!.startsWith("floor ")).toBe(true);
    expect(lines[3]!.replace(/\s+/g, " ")).toBe("size 200.0 MiB ≤ 170.0 MiB MISSED");
    expect(lines[4]!.replace(/\s+/g, " ")).toBe("half 100.0 MiB 0.5× size");
  });
});

test("a run that reports the duration of its part is timed by it, not by its set-up", async () => {
  const durations = [30, 10, 20];
  const [result] = await runEntries([
    { name: "part", runs: 3, run: () => ({ durationMs: durations.shift() ?? 99 }) },
  ]);
  // The warm-up's sample (30) is dropped; the timed runs report 10, 20, 99.
  expect([result!.value, result!.runs]).toEqual([20, 3]);
});
