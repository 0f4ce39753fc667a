/**
 * Rows for the binary itself: its size (and gzip size: what a download costs), start-up
 * (`--version` against spawning /bin/true, the floor of any process start), and
 * `deploy plan` on the example project. Uses dist/dazzle (built if missing) or
 * $DAZZLE_BENCH_BINARY.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  benchmarkBinary, benchmarkEnvironment, ensureBenchmarkBinary,
} from "./support/benchmark-binary.ts";
import type { BenchEntry, RunSample } from "./types.ts";

const projectRoot = join(import.meta.dir, "..");
const binary = benchmarkBinary;

/** Issue 2 targets. */
const binarySizeBytesMax = 170 * 1024 * 1024;
const versionStartMsMax = 50;

const env = benchmarkEnvironment;

ensureBenchmarkBinary();

/** Spawn, fail loudly on a non-zero exit (never time a failure), report the child's CPU. */
function spawnOk(command: string[]): RunSample {
  const result = Bun.spawnSync(command, { cwd: projectRoot, env, stdout: "ignore",
    stderr: "pipe" });
  if (result.exitCode !== 0) {
    throw new Error(`${command.join(" ")} exited ${result.exitCode}: ${result.stderr}`);
  }
  return { cpuMs: Number(result.resourceUsage.cpuTime.total) / 1000 };
}

export const rows: readonly BenchEntry[] = [
  { name: "binary size", unit: "bytes", measure: () => statSync(binary).size,
    targetMax: binarySizeBytesMax },
  { name: "binary size (gzip -6)", unit: "bytes", baseline: "binary size",
    measure: () => Bun.gzipSync(readFileSync(binary), { level: 6 }).length },
  { name: "spawn /bin/true", runs: 20, run: () => spawnOk(["/bin/true"]) },
  { name: "dazzle --version", runs: 20, baseline: "spawn /bin/true",
    targetMsMax: versionStartMsMax, run: () => spawnOk([binary, "--version"]) },
  { name: "dazzle deploy plan -p example", runs: 5, baseline: "dazzle --version",
    run: () => spawnOk([binary, "deploy", "plan", "-p", "example"]) },
];
