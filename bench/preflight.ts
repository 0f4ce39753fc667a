/**
 * `deploy preflight` on the example project, in the compiled binary (dist/dazzle, built if
 * missing, or $DAZZLE_BENCH_BINARY): rules only, with aws-cdk-lib's built-in CloudFormation
 * validation (`--validate`), and with the pinned cfn-lint when installed. Plus the rule table
 * alone on already-synthesized templates, to show what the checks themselves cost.
 */
import { existsSync } from "node:fs";
import { runRules } from "../preflight/engine.ts";
import { toolPaths } from "../scripts/tools.ts";
import { deploy, exampleToml } from "../testing/preflight-pipeline.ts";
import { benchmarkBinary, ensureBenchmarkBinary, spawnOk } from "./support/benchmark-binary.ts";
import type { BenchEntry, RunSample } from "./types.ts";

const binary = benchmarkBinary;
const cfnLint = toolPaths.cfnLint();

ensureBenchmarkBinary();

/** Preflight of the example; exit 0 is required (the example passes). */
function preflight(...extra: string[]): RunSample {
  return spawnOk([binary, "deploy", "preflight", "-p", "example", ...extra]);
}

const example = await deploy(exampleToml);

export const rows: readonly BenchEntry[] = [
  { name: "preflight rule table only (example templates, in process)", runs: 50,
    run: () => void runRules(example) },
  { name: "dazzle deploy preflight -p example (binary)", runs: 5,
    run: () => preflight("--skip-cfn-lint") },
  { name: "dazzle deploy preflight --validate (binary)", runs: 3,
    baseline: "dazzle deploy preflight -p example (binary)",
    run: () => preflight("--skip-cfn-lint", "--validate") },
  ...(existsSync(cfnLint) ?
    [{ name: "dazzle deploy preflight --cfn-lint (binary)", runs: 3,
      baseline: "dazzle deploy preflight -p example (binary)",
      run: () => preflight("--cfn-lint", cfnLint) }] :
    []),
];
