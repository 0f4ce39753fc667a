/**
 * Regenerates the committed grammar artefacts from grammar/grammar.js + grammar/src/scanner.c:
 * the parser.c, grammar.json, node-types.json and tree_sitter/*.h of grammar/src/ (pinned
 * tree-sitter CLI) and dazzle.wasm (Debian clang-19 for wasm32-wasi, so no wasi-sdk download).
 *
 *   bun scripts/regenerate-grammar.ts          # regenerate and write into grammar/
 *   bun scripts/regenerate-grammar.ts --check  # exit 1 if the committed files are not current
 *
 * Both modes build in a fresh temporary folder, so --check never touches the tree. Output is
 * deterministic: the wasm embeds its own file name, which is therefore always `dazzle.wasm`.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { toolPaths } from "./tools.ts";

const repoRoot = resolve(import.meta.dir, "..");
const grammarDir = join(repoRoot, "grammar");

/** Inputs copied into the build folder. */
const inputFiles = ["grammar.js", "package.json", "tree-sitter.json", "src/scanner.c"] as const;

/** Generated files, relative to grammar/, compared in --check mode. */
export const generatedFiles = [
  "src/parser.c",
  "src/grammar.json",
  "src/node-types.json",
  "src/tree_sitter/parser.h",
  "src/tree_sitter/alloc.h",
  "src/tree_sitter/array.h",
  "dazzle.wasm",
] as const;

const clang = "clang-19";
const clangFlags = [
  "--target=wasm32-wasi",
  "-fPIC",
  "-shared",
  "-Os",
  "-nostdlib",
  "-fno-exceptions",
  "-fvisibility=hidden",
  "-Wl,--export=tree_sitter_dazzle",
  "-Wl,--allow-undefined",
  "-Wl,--no-entry",
  "-I",
  "src",
  "-o",
  "dazzle.wasm",
  "src/parser.c",
  "src/scanner.c",
];

/** Each tool gets at most this long: generation takes well under a second here. */
const toolTimeoutMs = 120_000;

function run(command: string, args: readonly string[], cwd: string): void {
  const result = spawnSync(command, [...args], {
    cwd,
    encoding: "utf8",
    timeout: toolTimeoutMs,
    env: { ...process.env, TREE_SITTER_JS_RUNTIME: "node" },
  });
  if (result.error || result.status !== 0) {
    const detail = result.error?.message ?? `${result.stderr}${result.stdout}`.trim();
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${detail}`);
  }
}

/** Builds every generated file in a temporary folder; returns that folder. */
export function buildGrammar(): string {
  const buildDir = mkdtempSync(join(tmpdir(), "dazzle-grammar-"));
  for (const file of inputFiles) {
    mkdirSync(dirname(join(buildDir, file)), { recursive: true });
    cpSync(join(grammarDir, file), join(buildDir, file));
  }
  run(toolPaths.treeSitter(), ["generate"], buildDir);
  run(clang, clangFlags, buildDir);
  return buildDir;
}

function differingFiles(buildDir: string): string[] {
  return generatedFiles.filter((file) => {
    let committed: Buffer;
    try {
      committed = readFileSync(join(grammarDir, file));
    } catch {
      return true;
    }
    return !committed.equals(readFileSync(join(buildDir, file)));
  });
}

function main(argv: readonly string[]): number {
  const check = argv.includes("--check");
  const startedMs = performance.now();
  const buildDir = buildGrammar();
  try {
    if (check) {
      const stale = differingFiles(buildDir);
      const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
      if (stale.length > 0) {
        console.error(`grammar artefacts are not current (${seconds} s): ${stale.join(", ")}\n` +
          "run: bun scripts/regenerate-grammar.ts");
        return 1;
      }
      console.log(`grammar artefacts are current (${seconds} s)`);
      return 0;
    }
    for (const file of generatedFiles) {
      mkdirSync(dirname(join(grammarDir, file)), { recursive: true });
      writeFileSync(join(grammarDir, file), readFileSync(join(buildDir, file)));
    }
    console.log(`regenerated ${generatedFiles.length} files in grammar/`);
    return 0;
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
