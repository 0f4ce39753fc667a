/**
 * Each tidy rule catches its violation in scratch files, and lets the allowed form pass: a rule
 * that could never fail would prove nothing. Paths are spelled in pieces so that this file does
 * not break the rules it shows.
 */
import { describe, expect, test } from "bun:test";
import { checkAbsolutePaths, checkExports, checkFileReferences, checkImports, checkLineLength,
  type SourceFile, type Violation } from "./tidy.ts";

const file = (path: string, ...lines: string[]): SourceFile => ({ path, text: lines.join("\n") });
const found = (violations: Violation[]) =>
  violations.map((violation) => `${violation.rule} ${violation.path}:${violation.line}`);

describe("tidy catches", () => {
  test("a line over 100 columns in code and in prose, not in a Markdown table", () => {
    const long = "x".repeat(101);
    expect(found(checkLineLength([
      file("cli/scratch.ts", "const fine = 1;", `// ${long}`),
      file("docs/scratch.md", "| table | " + long + " |", long, "```", long, "```"),
      file("cli/fits.ts", "y".repeat(100)),
    ]))).toEqual(["line-length cli/scratch.ts:2", "line-length docs/scratch.md:2",
      "line-length docs/scratch.md:4"]);
  });

  test("an absolute path of one machine", () => {
    expect(found(checkAbsolutePaths([
      file("tests/scratch.ts", `const corpus = "${"/wo" + "rk"}/shared/dsl-corpus";`),
      file("README.md", `see ${"/ho" + "me"}/alice/notes.txt`),
      file("cli/fine.ts", `const dir = join(tmpdir(), "x"); // /usr/local/bin is standard`),
    ]))).toEqual(["absolute-path tests/scratch.ts:1", "absolute-path README.md:1"]);
  });

  test("production code importing tests/ or testing/; bench/ importing tests/", () => {
    expect(found(checkImports([
      file("cli/scratch.ts", `import { world } from "../${"tests"}/support/harness.ts";`),
      file("plan/scratch.ts", `import { span } from "../testing/plan-fixtures.ts";`),
      file("bench/scratch.ts", `import { world } from "../${"tests"}/support/harness.ts";`,
        `import { span } from "../testing/plan-fixtures.ts";`),
      file("tests/cli/scratch.test.ts", `import { span } from "../../testing/plan-fixtures.ts";`),
    ]))).toEqual(["imports-tests cli/scratch.ts:1", "imports-tests plan/scratch.ts:1",
      "imports-tests bench/scratch.ts:1"]);
  });

  test("stacks/, ir/ and agent/ importing anything but ir/, each other and libraries", () => {
    expect(found(checkImports([
      file("stacks/scratch.ts", `import { Stack } from "aws-cdk-lib/core";`,
        `import type { X } from "../ir/x.ts";`, `import { y } from "./network/y.ts";`,
        `import { planDeployment } from "../plan/index.ts";`),
      file("agent/scratch.ts", `import { readFile } from "node:fs/promises";`,
        `import { z } from "../platform/z.ts";`),
      file("ir/scratch.ts", `import { w } from "../stacks/w.ts";`),
    ]))).toEqual(["boundary stacks/scratch.ts:4", "boundary agent/scratch.ts:2",
      "boundary ir/scratch.ts:1"]);
  });

  test("an import into a stage folder that skips its public module", () => {
    expect(found(checkImports([
      file("plan/index.ts", "export const planDeployment = 1;"),
      file("plan/cidr.ts", "export const blockSize = 1;"),
      file("cli/scratch.ts", `import { planDeployment } from "../plan/index.ts";`,
        `import { blockSize } from "../plan/cidr.ts";`),
      file("plan/other.ts", `import { blockSize } from "./cidr.ts";`),
    ]))).toEqual(["public-module cli/scratch.ts:2"]);
  });

  test("an export nobody imports, and production code only tests use", () => {
    const violations = checkExports([
      file("plan/scratch.ts", "export const unused = 1;", "export function onlyTested() {}",
        "export const limitMax = 3;", "export function used() { return limitMax; }",
        "export interface Shape { readonly a: number }"),
      file("cli/user.ts", `import { used } from "../plan/scratch.ts";`, "used();"),
      file("tests/plan/scratch.test.ts",
        `import { limitMax, onlyTested } from "../../plan/scratch.ts";`),
    ], new Set());
    expect(violations.map((violation) => `${violation.rule} ${violation.message.split(" ")[0]}`))
      .toEqual(["unused-export unused", "export-used-only-by-tests onlyTested"]);
  });

  test("a reference to a file that is not in the repository", () => {
    const existing = new Set(["docs/cli.md", "stacks/app.ts", "docs/agent.md"]);
    expect(found(checkFileReferences([
      file("README.md", "See `docs/cli.md` and `" + "docs/gone.md" + "`; infra/lib/custom.ts is " +
        "the user's.", "[agent](docs/agent.md)"),
      file("docs/stacks.md", "Built by `../stacks/app.ts`, not `../stacks/" + "gone.ts`."),
      file("cli/help.ts", `const help = "see docs/${"missing"}.md";`),
      file("tests/data.test.ts", `const sample = "docs/${"nothing"}.md"; // test data`),
      file("plan/x.ts", `// Computed as in stacks/${"nowhere"}.ts`),
    ], (path) => existing.has(path)))).toEqual(["missing-file README.md:1",
      "missing-file docs/stacks.md:1", "missing-file cli/help.ts:1", "missing-file plan/x.ts:1"]);
  });
});
