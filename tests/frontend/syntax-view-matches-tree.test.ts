/**
 * The syntax view lowering reads (frontend/cst.ts: statements from one wasm call, the rest
 * from the text) is the syntax tree itself: here a reference reader walks the tree by field
 * names (`key`, `head`, `argument`, `value`, `body`, `item`) and both must agree, statement by
 * statement, on every corpus file, the grammar's awkward examples and the benchmark project.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Node } from "web-tree-sitter";
import { readFileSyntax, type Atom, type Line } from "../../frontend/cst.ts";
import { generateProject } from "../../frontend/generated-project.ts";
import { createDazzleParser } from "../../frontend/parser.ts";
import { buildLineIndex } from "../../frontend/source-text.ts";
import { dslCorpusDir, hasDslCorpus, repoRoot, skipWithoutCorpus } from "./test-env.ts";

skipWithoutCorpus("the syntax view on the corpus files");

/** What lowering depends on, in a shape both readers can produce. */
interface StatementView {
  listItem: boolean;
  key: string;
  atStart: { line: number; column: number };
  head: string;
  arguments: string[];
  value?: string;
  valueAtoms: string[];
  body: StatementView[];
}

/** Kind, text and where it is (1-based line:column, end exclusive). */
function atomView(kind: string, text: string, at: readonly number[]): string {
  return `${kind}:${text}@${at.join(":")}`;
}

function fromLine(line: Line): StatementView {
  const atom = (a: Atom) =>
    atomView(a.kind, a.text, [a.span.line, a.span.column, a.span.endLine, a.span.endColumn]);
  return {
    listItem: line.isListItem,
    key: line.keyText,
    atStart: { line: line.keySpan.line, column: line.keySpan.column },
    head: atom(line.head),
    arguments: line.arguments.map(atom),
    ...(line.valueText !== undefined ? { value: line.valueText } : {}),
    valueAtoms: line.value.map(atom),
    body: line.body.map(fromLine),
  };
}

const namedAtomKinds = new Set(
  ["identifier", "string", "number", "duration", "parenthesized", "bracketed"],
);

function treeAtom(node: Node): string {
  return atomView(namedAtomKinds.has(node.type) ? node.type : "operator", node.text, [
    node.startPosition.row + 1,
    node.startPosition.column + 1,
    node.endPosition.row + 1,
    node.endPosition.column + 1,
  ]);
}

/** The reference: a statement node read through its fields only. */
function fromStatement(node: Node, listItem: boolean): StatementView {
  const key = node.childForFieldName("key")!;
  const value = node.childForFieldName("value");
  const block = node.childForFieldName("body");
  return {
    listItem,
    key: key.text,
    atStart: { line: key.startPosition.row + 1, column: key.startPosition.column + 1 },
    head: treeAtom(key.childForFieldName("head")!),
    arguments: key.childrenForFieldName("argument").map(treeAtom),
    ...(value ? { value: value.text } : {}),
    valueAtoms: value ? value.children.map(treeAtom) : [],
    body: block ? statementsOf(block) : [],
  };
}

function statementsOf(parent: Node): StatementView[] {
  return parent.namedChildren.flatMap((child) => {
    if (child.type === "statement") return [fromStatement(child, false)];
    if (child.type === "list_item") return [fromStatement(child.childForFieldName("item")!, true)];
    return [];
  });
}

function dslFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".dsl")).sort().map((path) => join(dir, path));
}

const inputs: { name: string; text: string }[] = [
  ...dslFilesUnder(join(repoRoot, "grammar", "examples")),
  ...dslFilesUnder(join(repoRoot, "example")),
  ...(hasDslCorpus ? dslFilesUnder(dslCorpusDir) : []),
].map((path) => ({ name: relative(repoRoot, path), text: readFileSync(path, "utf8") }));
inputs.push(...generateProject(2_000).map((file) => ({ name: file.path, text: file.text })));
// Line ends and zero-width indentation characters the scanner accepts: CRLF, and a form feed
// or byte-order mark before a line's spaces (zero columns each).
const sample = inputs[inputs.length - 1]!.text;
inputs.push({ name: "crlf.dsl", text: sample.replace(/\n/g, "\r\n") }, { name: "form-feed.dsl",
  text: sample.replace(/\n {2}(?=\w)/g, "\n\f  ") }, { name: "byte-order-mark.dsl",
  text: "\uFEFF" + sample });

describe("the syntax view lowering reads", () => {
  test("equals a walk of the tree by field names on every file we have", async () => {
    expect(inputs.length).toBeGreaterThan(hasDslCorpus ? 20 : 5);
    const parser = await createDazzleParser();
    let statements = 0;
    for (const input of inputs) {
      const tree = parser.parse(input.text)!;
      expect({ name: input.name, hasError: tree.rootNode.hasError })
        .toEqual({ name: input.name, hasError: false });
      const view = readFileSyntax(tree, input.text, buildLineIndex(input.name, input.text));
      const reference = statementsOf(tree.rootNode);
      expect({ name: input.name, lines: view.lines.map(fromLine) })
        .toEqual({ name: input.name, lines: reference });
      statements += input.text.split("\n").length;
      tree.delete();
    }
    parser.delete();
    expect(statements).toBeGreaterThan(2_000);
  });

  test("module and use declarations come from the tree, not from a key named `use`", async () => {
    const text = "module shop.orders\nuse shop.core as core\nuse shop.billing\n\n" +
      "process p:\n  use other.thing\n  module: x\n";
    const parser = await createDazzleParser();
    const tree = parser.parse(text)!;
    const view = readFileSyntax(tree, text, buildLineIndex("a.dsl", text));
    expect(view.module?.name).toBe("shop.orders");
    expect(view.uses.map((use) => [use.module, use.alias])).toEqual([
      ["shop.core", "core"],
      ["shop.billing", undefined],
    ]);
    expect(view.lines[0]!.body.map((line) => line.keyText)).toEqual(["use other.thing", "module"]);
    tree.delete();
    parser.delete();
  });
});
