/**
 * The warm-up sample (frontend/warm-up.ts) must stay valid DSL: a sample the grammar rejects
 * would warm up error recovery instead of the walk every real project takes.
 */
import { expect, test } from "bun:test";
import { createDazzleParser } from "../../frontend/parser.ts";
import { warmUpSample, warmUpSourceCharactersMin } from "../../frontend/warm-up.ts";

test("the warm-up sample parses without syntax errors and is far below the threshold", async () => {
  const parser = await createDazzleParser();
  const tree = parser.parse(warmUpSample)!;
  expect(tree.rootNode.hasError).toBe(false);
  expect(tree.rootNode.descendantsOfType("statement").length).toBeGreaterThan(50);
  expect(warmUpSample.length * 2).toBeLessThan(warmUpSourceCharactersMin);
  tree.delete();
  parser.delete();
});
