/**
 * Benchmark runner: `bun bench/run.ts [name-filter...]`.
 *
 * Loads every bench/*.ts (except run.ts and types.ts), runs each timed row once to warm up and
 * then `runs` times, and prints one table: median, p90, ratio against the named baseline from
 * the same invocation (so machine speed cancels out), and the target when there is one.
 * Exits 1 when a target is missed.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { isMeasureRow, type BenchEntry, type BenchRow, type MeasureRow } from "./types.ts";

const defaultRuns = 10;
/** Bound on runs per row: a row asking for more is a mistake, not a benchmark. */
const runsMax = 1000;

export interface RowResult {
  readonly name: string;
  readonly kind: "time" | "bytes";
  /** Median in ms (time) or the value (bytes). */
  readonly value: number;
  readonly p90?: number;
  /** Median CPU time of the spawned process, when the row reports it. */
  readonly cpuMs?: number;
  readonly runs?: number;
  readonly baseline?: string;
  readonly target?: number;
}

export function percentile(sortedValues: readonly number[], fraction: number): number {
  if (sortedValues.length === 0) throw new Error("percentile of no values");
  const index = Math.min(sortedValues.length - 1, Math.ceil(fraction * sortedValues.length) - 1);
  return sortedValues[Math.max(0, index)]!;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function timeRow(row: BenchRow): Promise<RowResult> {
  const runs = row.runs ?? defaultRuns;
  if (runs < 1 || runs > runsMax) throw new Error(`${row.name}: runs must be 1..${runsMax}`);
  await row.run();
  const durations: number[] = [];
  const cpuTimes: number[] = [];
  for (let index = 0; index < runs; index++) {
    const startedMs = performance.now();
    const sample = await row.run();
    durations.push((sample && sample.durationMs) ?? performance.now() - startedMs);
    if (sample && sample.cpuMs !== undefined) cpuTimes.push(sample.cpuMs);
  }
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    name: row.name,
    kind: "time",
    value: median(sorted),
    p90: percentile(sorted, 0.9),
    runs,
    ...(cpuTimes.length > 0 ? { cpuMs: median(cpuTimes) } : {}),
    ...(row.baseline ? { baseline: row.baseline } : {}),
    ...(row.targetMsMax !== undefined ? { target: row.targetMsMax } : {}),
  };
}

async function measureRow(row: MeasureRow): Promise<RowResult> {
  return {
    name: row.name,
    kind: "bytes",
    value: await row.measure(),
    ...(row.baseline ? { baseline: row.baseline } : {}),
    ...(row.targetMax !== undefined ? { target: row.targetMax } : {}),
  };
}

export async function runEntries(entries: readonly BenchEntry[]): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for (const entry of entries) {
    results.push(isMeasureRow(entry) ? await measureRow(entry) : await timeRow(entry));
  }
  return results;
}

function formatValue(kind: RowResult["kind"], value: number): string {
  if (kind === "bytes") return `${(value / 1024 / 1024).toFixed(1)} MiB`;
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`;
}

export function renderTable(results: readonly RowResult[]): { text: string; missed: string[] } {
  const byName = new Map(results.map((result) => [result.name, result]));
  const missed: string[] = [];
  const rows = results.map((result) => {
    const base = result.baseline ? byName.get(result.baseline) : undefined;
    const ratio = base ? `${(result.value / base.value).toFixed(1)}× ${base.name}` : "";
    let target = "";
    if (result.target !== undefined) {
      const ok = result.value <= result.target;
      if (!ok) missed.push(result.name);
      target = `≤ ${formatValue(result.kind, result.target)} ${ok ? "ok" : "MISSED"}`;
    }
    return [result.name, formatValue(result.kind, result.value),
      result.p90 !== undefined ? formatValue(result.kind, result.p90) : "",
      result.cpuMs !== undefined ? formatValue("time", result.cpuMs) : "",
      result.runs !== undefined ? String(result.runs) : "", ratio, target];
  });
  const header = ["benchmark", "median/value", "p90", "cpu median", "runs", "vs baseline",
    "target"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length))
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  const text = [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)]
    .join("\n");
  return { text, missed };
}

/** A filter picks files by name, or rows by name within all files. */
async function loadEntries(filters: readonly string[]): Promise<{
  entries: BenchEntry[];
  failures: string[];
}> {
  const files = readdirSync(import.meta.dir)
    .filter((name) => name.endsWith(".ts") && name !== "run.ts" && name !== "types.ts").sort();
  const fileFilters = filters.filter((filter) => files.includes(`${filter}.ts`));
  const chosen = fileFilters.length > 0
    ? files.filter((file) => fileFilters.includes(file.replace(/\.ts$/, "")))
    : files;
  const rowFilters = filters.filter((filter) => !fileFilters.includes(filter));
  const entries: BenchEntry[] = [];
  const failures: string[] = [];
  for (const file of chosen) {
    let module: { rows?: readonly BenchEntry[] };
    try {
      module = (await import(join(import.meta.dir, file))) as typeof module;
    } catch (error) {
      failures.push(`bench/${file}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    for (const row of module.rows ?? []) {
      if (rowFilters.length === 0 || rowFilters.some((filter) => row.name.includes(filter))) {
        entries.push(row);
      }
    }
  }
  return { entries, failures };
}

if (import.meta.main) {
  const { entries, failures } = await loadEntries(process.argv.slice(2));
  const { text, missed } = renderTable(await runEntries(entries));
  console.log(text);
  for (const failure of failures) console.log(`\nfailed to load ${failure}`);
  if (missed.length > 0) console.log(`\ntargets missed: ${missed.join(", ")}`);
  // Exit explicitly: benchmarks leave emulators (moto) running as children, which would keep
  // the process alive; their `exit` handlers stop them.
  process.exit(missed.length > 0 || failures.length > 0 ? 1 : 0);
}
