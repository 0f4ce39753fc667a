/**
 * Front-end benchmarks:
 * - parse + lower + validate of a generated 10,000-line project, target < 100 ms: as a cold
 *   `dazzle check` of the compiled binary (a fresh process each run, what a user waits for),
 *   and warm in process (the same work once JavaScriptCore has compiled the code);
 * - the same project written as `@use` lines (app-local vocabulary), expanded first, warm;
 * - incremental re-parse after a one-line edit: tree-sitter `edit` + reparse of a 10,000-line
 *   file (target < 2 ms).
 * Two floors put the cold row in proportion: `dazzle check` of a one-unit project (process
 * start and wasm load, next to no parsing), and the tree-sitter CLI parsing the same 10,000
 * lines with our grammar compiled to native code (when the pinned CLI is installed).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Edit, type Parser, type Tree } from "web-tree-sitter";
import { generatedVocabulary, generateProject,
  generateVocabularyProject } from "../frontend/generated-project.ts";
import { loadSources, vocabularyManifestPath } from "../frontend/index.ts";
import { createDazzleParser } from "../frontend/parser.ts";
import { toolPaths } from "../scripts/tools.ts";
import { benchmarkBinary, ensureBenchmarkBinary, spawnOk } from "./support/benchmark-binary.ts";
import type { BenchRow, RunSample } from "./types.ts";

export const generatedLineCount = 10_000;
const project = generateProject(generatedLineCount);

/** CPU time (user + system) of this process spent in `work`: steadier than wall time on a
 * busy machine. */
async function measureCpu(work: () => Promise<void>): Promise<RunSample> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return { cpuMs: (used.user + used.system) / 1000 };
}

/** One full front-end run over the generated project; throws if it is not clean. */
export async function loadGeneratedProject(): Promise<RunSample> {
  return measureCpu(async () => {
    const loaded = await loadSources(project);
    const errors = loaded.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) throw new Error(`generated project has errors: ${errors[0]!.message}`);
  });
}

const vocabularyProject = generateVocabularyProject(generatedLineCount);
const vocabulary = { path: vocabularyManifestPath, text: generatedVocabulary() };

/** The same project written as `@use unit(...)` lines: expansion and position mapping added. */
async function loadGeneratedVocabularyProject(): Promise<RunSample> {
  return measureCpu(async () => {
    const loaded = await loadSources(vocabularyProject, vocabulary);
    const errors = loaded.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) throw new Error(`vocabulary project has errors: ${errors[0]!.message}`);
  });
}

const benchDir = mkdtempSync(join(tmpdir(), "dazzle-bench-frontend-"));
process.once("exit", () => rmSync(benchDir, { recursive: true, force: true }));

const writtenProjects = new Map<number, string>();

/** A generated project of about `lineCount` lines written to a folder, once per size. */
function writeGeneratedProject(lineCount: number): string {
  const written = writtenProjects.get(lineCount);
  if (written) return written;
  const dir = join(benchDir, `project-${lineCount}`);
  for (const file of generateProject(lineCount)) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
  }
  writtenProjects.set(lineCount, dir);
  return dir;
}

/** `dazzle check` of a generated project by the compiled binary; fails unless it is clean. */
function checkGeneratedProjectInBinary(lineCount: number): RunSample {
  return spawnOk([benchmarkBinary, "check", "-p", writeGeneratedProject(lineCount)]);
}

const treeSitterCli = toolPaths.treeSitter();
/** The native floor needs the pinned CLI, which `scripts/install-test-tools.ts` installs. */
const treeSitterCliInstalled = existsSync(treeSitterCli);
let nativeGrammar: string | undefined;

/**
 * The pinned tree-sitter CLI parsing the generated project with grammar/ compiled to a shared
 * library (built once): the same parse in native code, process start included.
 */
function parseGeneratedProjectNatively(): RunSample {
  nativeGrammar ??= buildNativeGrammar();
  const dir = writeGeneratedProject(generatedLineCount);
  const files = project.map((file) => join(dir, file.path));
  return spawnOk([treeSitterCli, "parse", "--quiet", "--lib-path", nativeGrammar, "--lang-name",
    "dazzle", ...files]);
}

function buildNativeGrammar(): string {
  const library = join(benchDir, "dazzle.so");
  spawnOk([treeSitterCli, "build", "--output", library, "grammar"]);
  return library;
}

interface IncrementalState {
  parser: Parser;
  tree: Tree;
  text: string;
  editOffset: number;
  /** Row and column of `editOffset` (the edit never moves it). */
  editPosition: { row: number; column: number };
}

let incremental: IncrementalState | undefined;

/** Flips one digit of one `ledger_id` line in the middle of the file and reparses. */
export async function reparseAfterOneLineEdit(): Promise<RunSample> {
  incremental ??= await startIncremental();
  return measureCpu(async () => editAndReparse(incremental!));
}

function editAndReparse(state: IncrementalState): void {
  const at = state.editOffset;
  const next = state.text[at] === "1" ? "2" : "1";
  const text = state.text.slice(0, at) + next + state.text.slice(at + 1);
  const { row, column } = state.editPosition;
  state.tree.edit(
    new Edit({ startIndex: at, oldEndIndex: at + 1, newEndIndex: at + 1,
      startPosition: { row, column }, oldEndPosition: { row, column: column + 1 },
      newEndPosition: { row, column: column + 1 } }),
  );
  const tree = state.parser.parse(text, state.tree);
  if (!tree || tree.rootNode.hasError) throw new Error("incremental reparse failed");
  state.tree.delete();
  state.tree = tree;
  state.text = text;
}

async function startIncremental(): Promise<IncrementalState> {
  const text = generateProject(generatedLineCount, generatedLineCount)[0]!.text;
  const parser = await createDazzleParser();
  const tree = parser.parse(text)!;
  const line = text.indexOf("  ledger_id: 1\n", Math.floor(text.length / 2));
  const editOffset = line + "  ledger_id: ".length;
  const row = text.slice(0, editOffset).split("\n").length - 1;
  const column = editOffset - (text.lastIndexOf("\n", editOffset - 1) + 1);
  return { parser, tree, text, editOffset, editPosition: { row, column } };
}

ensureBenchmarkBinary();

const coldRowName = "frontend: dazzle check, 10,000-line project, cold binary";
const nativeRowName = "frontend: tree-sitter CLI parse of the same project (native, floor)";
const warmRowName = "frontend: parse+lower+validate 10,000-line project, warm in process";

export const rows: BenchRow[] = [
  { name: "frontend: dazzle check, 60-line project, cold binary (start-up floor)", runs: 15,
    run: () => checkGeneratedProjectInBinary(60) },
  ...(treeSitterCliInstalled
    ? [{ name: nativeRowName, runs: 15, run: parseGeneratedProjectNatively }] :
    []),
  { name: coldRowName, runs: 15, run: () => checkGeneratedProjectInBinary(generatedLineCount),
    targetMsMax: 100, ...(treeSitterCliInstalled ? { baseline: nativeRowName } : {}) },
  { name: warmRowName, baseline: coldRowName, run: loadGeneratedProject, runs: 10 },
  { name: "frontend: the same project as one @use line per unit, expanded, warm in process",
    baseline: warmRowName, run: loadGeneratedVocabularyProject, runs: 10 },
  { name: "frontend: incremental reparse after a one-line edit (10,000-line file)",
    run: reparseAfterOneLineEdit, runs: 50, targetMsMax: 2 },
];
