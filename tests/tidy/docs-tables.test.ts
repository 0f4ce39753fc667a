/**
 * Facts the docs repeat are generated from their one home and checked here: the preflight rule
 * table in README.md and docs/preflight.md comes from preflight/rules/ (a new or changed rule:
 * run `bun scripts/preflight-table.ts`).
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { rules } from "../../preflight/rules/index.ts";
import {
  pagesWithTable, renderRuleTable, tableEnd, tableStart, withTable,
} from "../../scripts/preflight-table.ts";

const root = join(import.meta.dir, "..", "..");

describe("the preflight rule table", () => {
  for (const name of pagesWithTable) {
    test(`${name} shows every rule as preflight/rules/ defines it`, () => {
      const page = readFileSync(join(root, name), "utf8");
      expect(withTable(page, renderRuleTable(rules), name)).toBe(page);
    });
  }

  test("has one row per rule, in the rule table's order", () => {
    const ids = [...renderRuleTable(rules).matchAll(/^\| `([A-Z0-9_]+)` \|/gm)]
      .map((match) => match[1]);
    expect(ids).toEqual(rules.map((rule) => rule.id));
  });

  test("a stale table is caught, and a page without the markers is an error", () => {
    const table = renderRuleTable(rules);
    const stale = `intro\n${tableStart}\n${table.replace(/\| critical \|/, "| warn |")}\n` +
      `${tableEnd}\nmore\n`;
    expect(withTable(stale, table, "page.md")).not.toBe(stale);
    expect(withTable(withTable(stale, table, "page.md"), table, "page.md"))
      .toBe(withTable(stale, table, "page.md"));
    expect(() => withTable("no markers here", table, "page.md")).toThrow(/page\.md/);
  });
});
