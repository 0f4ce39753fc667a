/**
 * Front-end benchmarks:
 * - parse + lower + validate of a generated 10,000-line project, target < 100 ms: as a cold
 *   `dazzle check` of the compiled binary (a fresh process each run, what a user waits for),
 *   and warm in process (the same work once JavaScriptCore has compiled the code);
 * - incremental re-parse after a one-line edit: tree-sitter `edit` + reparse of a 10,000-line
 *   file (target < 2 ms).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Edit, type Parser, type Tree } from "web-tree-sitter";
import { generateProject } from "../frontend/generated-project.ts";
import { loadSources } from "../frontend/index.ts";
import { createDazzleParser } from "../frontend/parser.ts";
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

let generatedProjectDir: string | undefined;

/** The generated project written to a temporary folder, once. */
function writeGeneratedProject(): string {
  if (generatedProjectDir) return generatedProjectDir;
  const dir = mkdtempSync(join(tmpdir(), "dazzle-bench-frontend-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  for (const file of project) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
  }
  generatedProjectDir = dir;
  return dir;
}

/** `dazzle check` of the generated project by the compiled binary; fails unless it is clean. */
function checkGeneratedProjectInBinary(): RunSample {
  return spawnOk([benchmarkBinary, "check", "-p", writeGeneratedProject()]);
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
  state.tree.edit(new Edit({ startIndex: at, oldEndIndex: at + 1, newEndIndex: at + 1,
    startPosition: { row, column }, oldEndPosition: { row, column: column + 1 },
    newEndPosition: { row, column: column + 1 } }));
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

export const rows: BenchRow[] = [
  { name: "frontend: dazzle check, 10,000-line project, cold binary", runs: 15,
    run: checkGeneratedProjectInBinary, targetMsMax: 100 },
  { name: "frontend: parse+lower+validate 10,000-line project, warm in process",
    baseline: "frontend: dazzle check, 10,000-line project, cold binary",
    run: loadGeneratedProject, runs: 10 },
  { name: "frontend: incremental reparse after a one-line edit (10,000-line file)",
    run: reparseAfterOneLineEdit, runs: 50, targetMsMax: 2 },
];
