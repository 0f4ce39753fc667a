/**
 * Tree-sitter's ERROR and MISSING nodes → readable diagnostics. Errors already explained by
 * the source checks (same lines) are not repeated: those messages are more precise.
 */
import type { Node, Tree, TreeCursor } from "web-tree-sitter";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { frontendDiagnostic } from "./codes.ts";
import { quotedTextCharactersMax } from "./limits.ts";
import { spanOf, type LineIndex } from "./source-text.ts";

/** Bound on nodes visited while looking for errors (a tree has about 3 nodes per token). */
const visitedNodesMax = 5_000_000;

export function syntaxDiagnostics(
  tree: Tree,
  text: string,
  index: LineIndex,
  explained: readonly Diagnostic[],
): Diagnostic[] {
  if (!tree.rootNode.hasError) return [];
  const explainedLines = new Set(explained.map((d) => d.span?.line ?? 0));
  const out: Diagnostic[] = [];
  const cursor = tree.walk();
  try {
    forEachErrorNode(cursor, (node) => {
      const diagnostic = describeErrorNode(node, text, index);
      const firstLine = Math.min(node.startPosition.row + 1, diagnostic.span!.line);
      const lastLine = Math.max(nodeEndLine(node), diagnostic.span!.line);
      for (let line = firstLine; line <= lastLine; line++) {
        if (explainedLines.has(line)) return;
      }
      out.push(diagnostic);
    });
  } finally {
    cursor.delete();
  }
  return out;
}

function nodeEndLine(node: Node): number {
  return node.endPosition.row + 1;
}

/** Visits every outermost ERROR node and every MISSING node, without recursion. */
function forEachErrorNode(cursor: TreeCursor, visit: (node: Node) => void): void {
  for (let visited = 0; visited < visitedNodesMax; visited++) {
    const node = cursor.currentNode;
    const isError = node.type === "ERROR";
    if (isError || node.isMissing) visit(node);
    const descend = !isError && node.hasError;
    if (descend && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return;
    }
  }
}

function describeErrorNode(node: Node, text: string, index: LineIndex): Diagnostic {
  if (node.isMissing) {
    const span = spanOf(index, node.startIndex, node.startIndex + 1);
    // Tree-sitter guesses some token to insert before a line's leading ':'; say what is wrong.
    if (text[node.startIndex] === ":" && node.parent?.type === "key") {
      return frontendDiagnostic("syntax/missingToken", "missing a key before ':'", span,
        "write the line as key: value");
    }
    const expected = node.isNamed ? node.type : `'${node.type}'`;
    return frontendDiagnostic("syntax/missingToken", `missing ${expected}`, span);
  }
  const culprit = firstUnexpectedLeaf(node);
  if (culprit.type === "indentation_error" || culprit.endIndex === culprit.startIndex) {
    const at = nextLineStart(index, culprit.startIndex);
    return frontendDiagnostic("syntax/unexpectedText",
      "this line does not fit the indentation of the block around it", spanOf(index, at, at + 1));
  }
  return frontendDiagnostic("syntax/unexpectedText", `unexpected ${quote(culprit.text)}`,
    spanOf(index, culprit.startIndex, culprit.endIndex),
    "each line is `key`, `key: value`, `key:` followed by an indented block, or `- item`");
}

/**
 * The leaf where the parser gave up: the first leaf inside a nested ERROR if there is one,
 * else the last leaf before the error ends (what could not be attached).
 */
function firstUnexpectedLeaf(errorNode: Node): Node {
  let node = errorNode;
  for (let depth = 0; depth < 64 && node.childCount > 0; depth++) {
    const children = node.children.filter((child) => child.type !== "comment");
    const nested = children.find((child) =>
      child.type === "ERROR" ||
      child.type === "indentation_error"
    );
    node = nested ?? children[children.length - 1] ?? node;
    if (node === errorNode) break;
  }
  return node;
}

function nextLineStart(index: LineIndex, offset: number): number {
  for (const start of index.lineStarts) if (start > offset) return start;
  return offset;
}

function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  const shown = oneLine.length > quotedTextCharactersMax
    ? oneLine.slice(0, quotedTextCharactersMax) + "…"
    : oneLine;
  return `'${shown}'`;
}
