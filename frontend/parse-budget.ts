/**
 * A tree-sitter parse bounded by counted work, not by time. Tree-sitter calls the progress
 * callback once every `operationsPerProgressCall` parser operations (its
 * OP_COUNT_PER_PARSER_TIMEOUT_CHECK), a count that depends only on the grammar and the text, so
 * the same file is accepted or refused whatever else the machine is doing.
 */
import type { Parser, Tree } from "web-tree-sitter";
import { parseOperationsMin, parseOperationsPerByteMax } from "./limits.ts";

/** tree-sitter's OP_COUNT_PER_PARSER_TIMEOUT_CHECK (lib/src/parser.c). */
const operationsPerProgressCall = 100;

/** The work a file of `bytes` bytes may take, in parser operations. */
export function parseOperationsBudget(bytes: number): number {
  return Math.max(parseOperationsMin, bytes * parseOperationsPerByteMax);
}

/** The tree, or undefined when parsing needed more than `operationsMax` operations. */
export function parseWithinBudget(
  parser: Parser,
  text: string,
  operationsMax: number,
): Tree | undefined {
  const callsMax = Math.ceil(operationsMax / operationsPerProgressCall);
  let calls = 0;
  const tree = parser.parse(text, null, {
    progressCallback: () => {
      calls += 1;
      return calls > callsMax;
    },
  });
  return tree ?? undefined;
}
