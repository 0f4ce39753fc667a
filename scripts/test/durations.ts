/**
 * How long each test job took last time, kept beside the cached test tools (outside the clone),
 * so that a fresh clone on a machine that ran the suite before starts the slow jobs first. Only
 * an ordering hint: a missing or unreadable file just means "no history".
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { toolsDirectory } from "../tools.ts";

export type Durations = Readonly<Record<string, number>>;

export function durationsPath(env: Readonly<Record<string, string | undefined>>): string {
  return join(toolsDirectory(env), "test-durations.json");
}

export function readDurations(path: string): Durations {
  if (!existsSync(path)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (typeof parsed !== "object" || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed)
      .filter((entry): entry is [string, number] => typeof entry[1] === "number"));
  } catch {
    return {};
  }
}

/** Atomic (write, then rename), as two checkouts may run the suite at once. */
export function writeDurations(path: string, previous: Durations, latest: Durations): void {
  mkdirSync(dirname(path), { recursive: true });
  const merged = { ...previous, ...latest };
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(temporary, path);
}
