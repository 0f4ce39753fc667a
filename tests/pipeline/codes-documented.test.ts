/**
 * Every diagnostic code is documented: each code table in the source (a `CodeRegistry`, found by
 * reading the source, so a new table cannot be forgotten here) has each of its codes in a table
 * row of a docs/ page, with the severity the table gives it where the page has a severity column.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CodeRegistry } from "../../diagnostics/code-registry.ts";
import { repoRoot } from "../frontend/test-env.ts";

const sourceFolders = readdirSync(repoRoot, { withFileTypes: true })
  .filter((entry) =>
    entry.isDirectory() && !["node_modules", "tests", "dist", "bench"]
      .includes(entry.name) &&
    !entry.name.startsWith(".")
  )
  .map((entry) => entry.name);

/** `{ module, name }` of every `export const NAME = { ... } ... satisfies CodeRegistry`. */
function registryDeclarations(): { module: string; name: string }[] {
  const found: { module: string; name: string }[] = [];
  for (const folder of sourceFolders) {
    const files = readdirSync(join(repoRoot, folder), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !file.includes("node_modules"));
    for (const file of files) {
      const text = readFileSync(join(repoRoot, folder, file), "utf8");
      for (const match of text.matchAll(
        /export const (\w+) = \{[\s\S]*?\} as const satisfies CodeRegistry;/g,
      )) {
        found.push({ module: join(repoRoot, folder, file), name: match[1]! });
      }
    }
  }
  return found;
}

const docsRows = readdirSync(join(repoRoot, "docs")).filter((file) => file.endsWith(".md"))
  .flatMap((file) =>
    readFileSync(join(repoRoot, "docs", file), "utf8").split("\n")
      .filter((line) => line.startsWith("|")).map((row) => ({ file, row }))
  );

describe("diagnostic codes", () => {
  const declarations = registryDeclarations();

  test("the code tables are found (frontend, config, plan, pipeline, preflight, cli)", () => {
    expect(declarations.map((d) => d.name).sort()).toEqual(expect.arrayContaining([
      "cliCodes",
      "configCodes",
      "frontendCodes",
      "pipelineCodes",
      "planCodes",
      "preflightCodes",
    ]));
  });

  for (const declaration of declarations) {
    test(`every code of ${declaration.name} is in a docs/ table with its severity`, async () => {
      const registry = (await import(declaration.module))[declaration.name] as CodeRegistry;
      const undocumented: string[] = [];
      for (const [code, info] of Object.entries(registry)) {
        expect(code).toMatch(/^[a-z]+\/[a-z][A-Za-z0-9]+$/);
        const rows = docsRows.filter(({ row }) => row.includes(`\`${code}\``));
        const severityShown = rows.some(({ row }) => /\| (error|warning|info) \|/.test(row));
        if (rows.length === 0) undocumented.push(code);
        else if (severityShown) {
          expect({ code, rows: rows.filter(({ row }) => row.includes(`| ${info.severity} |`))
            .length > 0 }).toEqual({ code, rows: true });
        }
      }
      expect(undocumented).toEqual([]);
    });
  }
});
