/**
 * Facts the docs repeat are generated from their one home and checked here: the preflight rule
 * table in README.md and docs/preflight.md comes from preflight/rules/ (a new or changed rule:
 * run `bun scripts/preflight-table.ts`), every command's --help in docs/cli.md from the command
 * table (`bun scripts/cli-reference.ts`), and the command tables of README.md and docs/cli.md
 * name every command, with flags it has.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { asLoadedCommand, commandTable } from "../../cli/commands.ts";
import { rules } from "../../preflight/rules/index.ts";
import { helpSection, renderCliReference } from "../../scripts/cli-reference.ts";
import { withSection } from "../../scripts/generated-section.ts";
import { renderPreflightTables, renderRuleTable,
  ruleTableSection } from "../../scripts/preflight-table.ts";

const root = join(import.meta.dir, "..", "..");

describe("the preflight rule table", () => {
  for (const name of ruleTableSection.pages) {
    test(`${name}: the rules as preflight/rules/ defines them, then the stages' findings`, () => {
      const page = readFileSync(join(root, name), "utf8");
      expect(withSection(page, ruleTableSection, renderPreflightTables(rules), name)).toBe(page);
    });
  }

  test("has one row per rule, in the rule table's order", () => {
    const ids = [...renderRuleTable(rules).matchAll(/^\| `([A-Z0-9_]+)` \|/gm)]
      .map((match) => match[1]);
    expect(ids).toEqual(rules.map((rule) => rule.id));
  });

  test("a stale table is caught, and a page without the markers is an error", () => {
    const table = renderRuleTable(rules);
    const section = ruleTableSection;
    const stale = `intro\n${section.start}\n${table.replace(/\| critical \|/, "| warn |")}\n` +
      `${section.end}\nmore\n`;
    const fixed = withSection(stale, section, table, "page.md");
    expect(fixed).not.toBe(stale);
    expect(withSection(fixed, section, table, "page.md")).toBe(fixed);
    expect(() => withSection("no markers here", section, table, "page.md")).toThrow(/page\.md/);
  });
});

describe("the commands in the docs", () => {
  test("docs/cli.md shows every command's --help as the command prints it", async () => {
    const page = readFileSync(join(root, "docs/cli.md"), "utf8");
    expect(withSection(page, helpSection, await renderCliReference(), "docs/cli.md")).toBe(page);
  });

  const globalFlags = ["--help", "-h", "--version", "-V", "--no-color", "--quiet", "--verbose"];
  for (const name of ["README.md", "docs/cli.md"]) {
    test(`${name}: the command table names every command, with flags it has`, async () => {
      const page = readFileSync(join(root, name), "utf8");
      const rows = page.split("\n").filter((line) => line.startsWith("| `dazzle "));
      for (const entry of commandTable) {
        const words = `dazzle ${entry.words.join(" ")}`;
        const row = rows.find((line) =>
          line.startsWith(`| \`${words} `) ||
          line.startsWith(`| \`${words}\``)
        );
        expect({ command: words, documented: row !== undefined })
          .toEqual({ command: words, documented: true });
        const command = asLoadedCommand(await entry.load())!;
        const known = new Set([...globalFlags, ...Object.entries(command.flags).flatMap(
          ([flag, spec]) => [`--${flag}`, ...(spec.short ? [`-${spec.short}`] : [])],
        )]);
        const synopsis = row!.split(" | ")[0]!;
        const shown = [...synopsis.matchAll(/(?<![\w-])--?[a-zA-Z][\w-]*/g)].map((m) => m[0]);
        expect({ command: words, unknownFlags: shown.filter((flag) => !known.has(flag)) })
          .toEqual({ command: words, unknownFlags: [] });
      }
    });
  }
});
