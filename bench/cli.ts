/**
 * Rows for the binary itself: its size (and gzip size: what a download costs), start-up
 * (`--version` against spawning /bin/true, the floor of any process start), and
 * `deploy plan` on the example project. Uses dist/dazzle (built if missing) or
 * $DAZZLE_BENCH_BINARY.
 */
import { readFileSync, statSync } from "node:fs";
import { benchmarkBinary, ensureBenchmarkBinary, spawnOk } from "./support/benchmark-binary.ts";
import type { BenchEntry } from "./types.ts";

const binary = benchmarkBinary;

/** Issue 2 targets. */
const binarySizeBytesMax = 170 * 1024 * 1024;
const versionStartMsMax = 50;

ensureBenchmarkBinary();

export const rows: readonly BenchEntry[] = [
  { name: "binary size", unit: "bytes", measure: () => statSync(binary).size,
    targetMax: binarySizeBytesMax },
  { name: "binary size (gzip -6)", unit: "bytes", baseline: "binary size",
    measure: () => Bun.gzipSync(readFileSync(binary), { level: 6 }).length },
  { name: "spawn /bin/true", runs: 20, run: () => spawnOk(["/bin/true"]) },
  { name: "dazzle --version", runs: 20, baseline: "spawn /bin/true", targetMsMax: versionStartMsMax,
    run: () => spawnOk([binary, "--version"]) },
  { name: "dazzle deploy plan -p example", runs: 5, baseline: "dazzle --version",
    run: () => spawnOk([binary, "deploy", "plan", "-p", "example"]) },
];
