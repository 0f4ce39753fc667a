/**
 * Duration literals as written in the DSL (`30s`, `5min`, `2h`, `7d`). Conversions never round:
 * a value that is not a whole number of the target unit is rejected (style: no lossy conversion).
 */

const secondsByUnit: ReadonlyMap<string, number> = new Map([
  ["s", 1],
  ["sec", 1],
  ["secs", 1],
  ["second", 1],
  ["seconds", 1],
  ["m", 60],
  ["min", 60],
  ["mins", 60],
  ["minute", 60],
  ["minutes", 60],
  ["h", 3600],
  ["hr", 3600],
  ["hrs", 3600],
  ["hour", 3600],
  ["hours", 3600],
  ["d", 86400],
  ["day", 86400],
  ["days", 86400],
]);

/** Whole seconds, or undefined when the text is not `<integer><unit>` (or a bare integer). */
export function parseDurationSeconds(text: string): number | undefined {
  const match = /^\s*"?(\d{1,9})\s*([a-z]*)"?\s*$/i.exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  if (unit === "") return amount;
  const factor = secondsByUnit.get(unit);
  if (factor === undefined) return undefined;
  return amount * factor;
}

/** Whole seconds → the largest whole EventBridge `rate()` unit. */
export function rateExpression(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds < 60 || seconds % 60 !== 0) return undefined;
  const units: readonly [number, string][] = [[86400, "day"], [3600, "hour"], [60, "minute"]];
  for (const [size, unit] of units) {
    if (seconds % size === 0) {
      const value = seconds / size;
      return `rate(${value} ${value === 1 ? unit : `${unit}s`})`;
    }
  }
  return undefined;
}
