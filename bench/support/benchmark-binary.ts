/**
 * The compiled binary the benchmarks time (dist/dazzle, or $DAZZLE_BENCH_BINARY), built on
 * first use, and the minimal environment its child processes run with: no real credentials,
 * and never the cloud metadata address.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { RunSample } from "../types.ts";

const projectRoot = join(import.meta.dir, "..", "..");

export const benchmarkBinary = process.env["DAZZLE_BENCH_BINARY"] ??
  join(projectRoot, "dist", "dazzle");

export const benchmarkEnvironment = {
  PATH: "/usr/bin:/bin",
  HOME: process.env["HOME"] ?? "/tmp",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
};

/** Build dist/dazzle when it is missing (a benchmark never times a stale or absent binary). */
export function ensureBenchmarkBinary(): void {
  if (existsSync(benchmarkBinary)) return;
  const build = Bun.spawnSync([process.execPath, join(projectRoot, "scripts", "build.ts")], {
    stdout: "inherit",
    stderr: "inherit",
  });
  if (build.exitCode !== 0) throw new Error("could not build dist/dazzle for the benchmarks");
}

/**
 * Runs a command with the benchmark environment from the project root; a non-zero exit
 * throws (a failure is never timed). Reports the child's CPU time (user + system).
 */
export function spawnOk(command: readonly string[]): RunSample {
  const result = Bun.spawnSync([...command], { cwd: projectRoot, env: benchmarkEnvironment,
    stdout: "ignore", stderr: "pipe" });
  if (result.exitCode !== 0) {
    throw new Error(`${command.join(" ")} exited ${result.exitCode}: ${result.stderr}`);
  }
  return { cpuMs: Number(result.resourceUsage.cpuTime.total) / 1000 };
}
