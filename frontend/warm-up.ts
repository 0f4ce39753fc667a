/**
 * A warm-up before a large project: one parse and read of a small built-in sample.
 *
 * Why: JavaScriptCore starts WebAssembly in an interpreter and compiles hot functions on a
 * background queue. The first large parse fills that queue with optimizing compiles of the
 * parser, and the tree-walk functions, first used right after it, then wait behind them,
 * interpreted: in a cold binary the walks of the first files took ~17 ms each instead of ~1 ms.
 * Walking a small tree first gets them compiled while the queue is still empty. Measured in a
 * compiled binary, cold, median of 9–15 runs: 300 lines 48 → 42 ms, 1,000 lines 69 → 50 ms,
 * 10,000 lines 295 → 216 ms; on a 4-line file it costs ~10 ms, hence the threshold.
 */
import type { Parser } from "web-tree-sitter";
import { readFileSyntax } from "./cst.ts";
import { buildLineIndex } from "./source-text.ts";

export const warmUpSourceCharactersMin = 8 * 1024;

/** Every token kind and statement shape of the language, a few times over. */
export const warmUpSample = `module warm.up

entity Account "Account":
  id: uuid pk
  owner: str(120) required
  state: enum[open,frozen]=open
  limit: decimal(12,2) = 0.5
  statement: file

ledger Cash "Cash":
  account_code: 1
  ledger_id: 7
  flags: linked, history
  sync_to: Account.limit

transaction Move:
  timeout: 30s
  transfer leg:
    debit: Cash
    amount: payload.amount * 100
  validation:
    - amount > 0  # comment
    - owner != ''

process settle:
  steps:
    - step check:
        wait: 24h
    - step pay -> done
`.repeat(4);

export function warmUpParser(parser: Parser): void {
  const tree = parser.parse(warmUpSample);
  if (!tree) return;
  try {
    readFileSyntax(tree, warmUpSample, buildLineIndex("warm-up.dsl", warmUpSample));
  } finally {
    tree.delete();
  }
}
