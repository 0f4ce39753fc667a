/**
 * The syntax view lowering reads: spans in characters (also after non-ASCII text), nesting of
 * blocks and list items, and incremental reparsing giving the same tree as a fresh parse.
 */
import { describe, expect, test } from "bun:test";
import { Edit } from "web-tree-sitter";
import { loadSources } from "../../frontend/index.ts";
import { createDazzleParser } from "../../frontend/parser.ts";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./test-env.ts";

describe("syntax view", () => {
  test("columns count characters, not bytes, after non-ASCII text", async () => {
    const text = "entity Café \"Crème — brûlée\":\n" +
      "  prénom: str(20) €\n  owner: ref Usér\n";
    const loaded = await loadSources([{ path: "a.dsl", text }]);
    expect(loaded.diagnostics.map((d) => [d.code, d.span?.line, d.span?.column])).toEqual([
      ["syntax/unexpectedCharacter", 2, 19],
    ]);
    const fixed = await loadSources([{ path: "a.dsl", text: text.replace(" €", "") }]);
    expect(fixed.appSpec.entities[0]).toMatchObject({ name: "Café", title: "Crème — brûlée" });
    expect(fixed.appSpec.entities[0]!.fields.map((f) => f.name)).toEqual(["prénom", "owner"]);
    expect(fixed.diagnostics.map((d) => [d.code, d.span?.line, d.span?.column, d.span?.endColumn]))
      .toEqual([["ref/unknownEntity", 3, 14, 18]]);
  });

  test("a string may span lines without disturbing the blocks around it", async () => {
    const text = "entity E \"T\":\n  intent: \"one\ntwo\"\n  id: uuid pk\n";
    const loaded = await loadSources([{ path: "a.dsl", text }]);
    expect(loaded.diagnostics).toEqual([]);
    const entity = loaded.appSpec.entities[0]!;
    expect(entity.properties).toMatchObject([{ key: "intent", value: "one\ntwo" }]);
    expect(entity.fields.map((f) => f.name)).toEqual(["id"]);
  });

  test("list items nest their own blocks and stay siblings of each other", async () => {
    const text = "process p:\n  steps:\n    - step a:\n        service: x\n" +
      "    - step b:\n        wait: 24h\n  timeout: 5m\n";
    const loaded = await loadSources([{ path: "a.dsl", text }]);
    const [steps, timeout] = loaded.appSpec.others[0]!.body;
    expect(steps!.children.map((c) => [c.kind, c.key, c.children.map((g) => g.key)])).toEqual([
      ["item", "step a", ["service"]],
      ["item", "step b", ["wait"]],
    ]);
    expect([timeout!.key, timeout!.value]).toEqual(["timeout", "5m"]);
    expect(steps!.span).toMatchObject({ line: 2, endLine: 6 });
  });

  test("a list item's block may start left of the item's first word", async () => {
    const text = "steps:\n  - step a:\n    service: x\n  - step b\n";
    const loaded = await loadSources([{ path: "a.dsl", text }]);
    expect(loaded.diagnostics).toEqual([]);
    const steps = loaded.appSpec.others[0]!;
    expect(steps.body.map((c) => [c.key ?? c.value, c.children.map((g) => g.key)])).toEqual([
      ["step a", ["service"]],
      ["step b", []],
    ]);
  });

  test("the grammar's awkward examples load cleanly; mixed tabs and spaces only warn", async () => {
    const dir = join(repoRoot, "grammar", "examples");
    const names = readdirSync(dir).filter((name) => name.endsWith(".dsl")).sort();
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      const text = readFileSync(join(dir, name), "utf8");
      const loaded = await loadSources([{ path: name, text }]);
      const expected = name === "mixed-spaces-tabs.dsl" ? ["source/mixedIndentation"] : [];
      expect({ name, codes: loaded.diagnostics.map((d) => d.code) }).toEqual({ name,
        codes: expected });
      expect(loaded.appSpec.entities[0]!.fields.map((f) => f.name)).toContain("id");
    }
  });

  test("an edit plus incremental reparse gives the same tree as parsing afresh", async () => {
    const parser = await createDazzleParser();
    const before = "ledger A:\n  account_code: 1\n  ledger_id: 1\n";
    const after = "ledger A:\n  account_code: 12\n  ledger_id: 1\n";
    const tree = parser.parse(before)!;
    tree.edit(
      new Edit({ startIndex: 26, oldEndIndex: 26, newEndIndex: 27,
        startPosition: { row: 1, column: 16 }, oldEndPosition: { row: 1, column: 16 },
        newEndPosition: { row: 1, column: 17 } }),
    );
    const reparsed = parser.parse(after, tree)!;
    const fresh = parser.parse(after)!;
    expect(reparsed.rootNode.toString()).toBe(fresh.rootNode.toString());
    expect(reparsed.rootNode.descendantsOfType("number").map((n) => n.text)).toEqual(["12", "1"]);
    for (const t of [tree, reparsed, fresh]) t.delete();
    parser.delete();
  });
});
