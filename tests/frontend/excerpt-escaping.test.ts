/**
 * Source excerpts and messages never echo control characters: a DSL file must not be able to
 * send escape sequences to the terminal of whoever runs `dazzle check`, nor reorder what it
 * shows with bidirectional overrides. Each is shown escaped, and the caret stays under the
 * character the diagnostic points at.
 */
import { expect, test } from "bun:test";
import { renderDiagnostics } from "../../diagnostics/render.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { loadSources } from "../../frontend/index.ts";
import "./test-env.ts";

/** Any C0 control but newline, DEL, any C1 control, any bidi control: none may be printed. */
const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

test("a terminal title sequence in a DSL line is shown escaped, caret aligned", async () => {
  const text = "entity C \"C\":\n  id: uuid pk\n  x\u001b]0;pwned\u0007: int\n";
  const loaded = await loadSources([{ path: "a.dsl", text }]);
  const first = loaded.diagnostics[0]!;
  const rendered = renderDiagnostics([first], () => text, { color: false });
  expect(unsafe.test(rendered)).toBe(false);
  expect(rendered.split("\n").slice(0, 4)).toEqual([
    "a.dsl:3:4: error[syntax/unexpectedCharacter]: unexpected character U+001B",
    "  |",
    "3 |   x\\x1b]0;pwned\\x07: int",
    "  |    ^^^^",
  ]);
});

test("bidi overrides and controls in messages, hints and paths are escaped too", () => {
  const diagnostic: Diagnostic = { code: "keys/unknownKey", severity: "error",
    message: "unknown key 'a\u202eb\u001b[2J' in ledger 'L'\nsecond line kept",
    hint: "did you mean '\u0007x'?",
    span: { file: "dsl/\u001bevil.dsl", line: 1, column: 3, endLine: 1, endColumn: 4 } };
  const source = "a\u202e b: 1\n";
  const rendered = renderDiagnostics([diagnostic], () => source, { color: false });
  expect(unsafe.test(rendered)).toBe(false);
  expect(rendered).toBe([
    "dsl/\\x1bevil.dsl:1:3: error[keys/unknownKey]: unknown key 'a\\u{202e}b\\x1b[2J' in " +
    "ledger 'L'",
    "second line kept",
    "  |",
    "1 | a\\u{202e} b: 1",
    "  |          ^",
    "  = hint: did you mean '\\x07x'?",
  ].join("\n"));
});
