/**
 * What a benchmark file exports: `export const rows: readonly BenchEntry[]`. `bench/run.ts`
 * loads every `bench/*.ts` except itself and this file.
 */

/**
 * What a run may report besides its wall time: the CPU time of a child process it spawned
 * (user + system), which does not grow when the machine is busy, unlike wall time.
 */
export interface RunSample {
  readonly cpuMs?: number;
  /**
   * The time of the part the row is about, when a run must also set up and tear down around
   * it (a cluster's emulated instances before, its processes after); else the whole run.
   */
  readonly durationMs?: number;
}

/** A timed row: `run` is called `runs` times after one warm-up; median and p90 are reported. */
export interface BenchRow {
  readonly name: string;
  /** Name of a row in the same invocation to compare against (ratio of medians). */
  readonly baseline?: string;
  readonly run: () => Promise<void | RunSample> | void | RunSample;
  /** Timed runs after the warm-up. @default 10 */
  readonly runs?: number;
  /** Target: the median must stay at or below this (ms); a miss makes the runner exit 1. */
  readonly targetMsMax?: number;
}

/** A one-shot measurement (a size, a count), taken once and printed with its unit. */
export interface MeasureRow {
  readonly name: string;
  readonly unit: "bytes";
  readonly measure: () => Promise<number> | number;
  /** Name of another measure row with the same unit to compare against (ratio). */
  readonly baseline?: string;
  /** Target: the value must stay at or below this (in `unit`). */
  readonly targetMax?: number;
}

export type BenchEntry = BenchRow | MeasureRow;

export function isMeasureRow(entry: BenchEntry): entry is MeasureRow {
  return "measure" in entry;
}
