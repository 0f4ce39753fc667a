/**
 * One minimal bad input per diagnostic code: the code, where it points (line, column) and the
 * exact message. The last test makes sure no registered code is left without a case.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { frontendCodes, loadProject, loadSources } from "../../frontend/index.ts";
import "./test-env.ts";

/** A complete, valid ledger; cases append or replace lines. */
function ledger(name: string, lines: Record<string, string> = {}): string {
  const keys = { account_code: "1", ledger_id: "1", account_type: "asset", currency: "GBP",
    ...lines };
  return `ledger ${name}:\n` + Object.entries(keys).filter(([, v]) => v !== "")
    .map(([k, v]) => `  ${k}: ${v}\n`).join("");
}

/** A valid single-leg transaction from A to B, plus extra body lines. */
function transaction(body = "  idempotency_key: event.id\n", debit = "A", credit = "B"): string {
  return `transaction T:\n  transfer t:\n    debit: ${debit}\n    credit: ${credit}\n` +
    `    amount: event.amount\n${body}`;
}

const twoLedgers = ledger("A") + ledger("B", { account_code: "2" });

interface Case {
  readonly code: string;
  /** Source files by path, or one text for `a.dsl`. */
  readonly files: string | Record<string, string>;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly file?: string;
  /** The vocabulary manifest's text, for the `@use` cases. */
  readonly vocabulary?: string;
}

/** A vocabulary with one entry, `audit_fields(user=User)`, for the `@use` cases. */
const vocabulary = `entries:
  - id: audit_fields
    parameters:
      - name: user
        type: string
        required: false
        default: User
      - name: required
        type: boolean
        required: false
        default: false
    expansion:
      body: |
        created_at: datetime auto_add
        created_by: ref {{ user }}{% if required %} required{% endif %}
`;

const cases: Case[] = [
  // Counted in bytes: 1,048,577 characters, 2,097,153 bytes.
  { code: "source/fileTooLarge", files: "#" + "é".repeat(1024 * 1024), line: 1, column: 1,
    message: "file is 2097153 bytes; the limit is 2097152" },
  { code: "source/lineTooLong", files: `a: ${"x".repeat(1000)}\n`, line: 1, column: 1001,
    message: "line is 1003 characters long; the limit is 1000" },
  { code: "source/nestingTooDeep",
    files: Array.from({ length: 34 }, (_, depth) => `${"  ".repeat(depth)}a:\n`).join(""), line: 34,
    column: 67, message: "blocks are nested 33 deep; the limit is 32" },
  { code: "source/mixedIndentation", files: "a:\n\tb: 1\nc:\n    d: 2\n", line: 4, column: 1,
    message: "this line is indented with spaces, line 2 with tabs" },
  { code: "syntax/unexpectedCharacter", files: "a: b & c\n", line: 1, column: 6,
    message: "unexpected character '&'" },
  { code: "syntax/unterminatedString", files: "a: \"no end\nb: 1\n", line: 1, column: 4,
    message: "string is never closed" },
  { code: "syntax/unclosedBracket", files: "a: (b, c\n", line: 1, column: 4,
    message: "'(' is never closed" },
  { code: "syntax/inconsistentIndentation", files: "a:\n    b: 1\n  c: 2\n", line: 3, column: 3,
    message: "this line is indented 2 columns, which matches no enclosing block (they are " +
      "indented 0, 4)" },
  { code: "syntax/unexpectedIndentation", files: "uses nav main\n  b: 1\n", line: 2, column: 3,
    message: "this line is indented 2 columns, deeper than its block (0), but the line before " +
      "it does not open a block" },
  { code: "syntax/missingBlock", files: "a:\nb: 1\n", line: 1, column: 2,
    message: "a line ending in ':' must be followed by an indented block" },
  { code: "syntax/unexpectedText", files: "a: b)\n", line: 1, column: 5,
    message: "unexpected ')'" },
  { code: "syntax/missingToken", files: ":as", line: 1, column: 1,
    message: "missing a key before ':'" },
  { code: "syntax/tooManyErrors", files: "a: &\n".repeat(25), line: 20, column: 4,
    message: "5 more syntax errors in a.dsl are not shown" },
  { code: "module/unknownModule", files: "module a\nuse a.b\n", line: 2, column: 1,
    message: "no file in the project declares module 'a.b'" },
  { code: "module/duplicateModule", files: { "a.dsl": "module m\n", "b.dsl": "module m\n" },
    file: "b.dsl", line: 1, column: 1, message: "module 'm' is also declared at a.dsl:1:1" },
  { code: "names/duplicateName", files: ledger("A") + ledger("A", { account_code: "2" }), line: 6,
    column: 1, message: "ledger 'A' is already declared at a.dsl:1:1" },
  { code: "names/duplicateField", files: "entity E:\n  id: uuid pk\n  id: str\n", line: 3,
    column: 3, message: "field 'id' is already declared in entity 'E' at line 2" },
  { code: "names/missingName", files: "channel:\n  kind: queue\n", line: 1, column: 1,
    message: "'channel' needs a name, as in: channel Name \"Title\":" },
  { code: "keys/unknownKey", files: ledger("A") + "  acount_code: 2\n", line: 6, column: 3,
    message: "unknown key 'acount_code' in ledger 'A'" },
  { code: "keys/missingKey", files: ledger("A", { ledger_id: "" }), line: 1, column: 1,
    message: "ledger 'A' has no 'ledger_id' (TigerBeetle ledger number, 1–4294967295)" },
  { code: "keys/duplicateKey", files: ledger("A") + "  currency: EUR\n", line: 6, column: 3,
    message: "'currency' is given twice in ledger 'A'" },
  { code: "value/notInteger", files: ledger("A", { account_code: "1.5" }), line: 2, column: 17,
    message: "'account_code' must be a whole number (TigerBeetle account code), found '1.5'" },
  { code: "value/outOfRange", files: ledger("A", { account_code: "70000" }), line: 2, column: 17,
    message: "'account_code' is 70000, outside 1–65535 (TigerBeetle account code)" },
  { code: "value/notAllowed", files: ledger("A", { account_type: "liabilty" }), line: 4, column: 17,
    message: "'account_type' must be one of asset, liability, equity, revenue, " +
      "expense, found 'liabilty'" },
  { code: "value/invalidCurrency", files: ledger("A", { currency: "POUND" }), line: 5, column: 13,
    message: "currency 'POUND' is not an ISO 4217 code (three upper-case letters, such as GBP)" },
  { code: "value/currencyNotUpperCase", files: ledger("A", { currency: "gbp" }), line: 5,
    column: 13, message: "currency 'gbp' is read as 'GBP'" },
  { code: "value/invalidDuration", files: twoLedgers + transaction("  timeout: soon\n" +
    "  idempotency_key: event.id\n"), line: 16, column: 12,
    message: "'timeout' must be a duration such as 30s, 5min, 24h or 7d, found 'soon'" },
  { code: "value/invalidCron", files: "schedule nightly:\n  cron: \"0 2 * *\"\n", line: 2,
    column: 9, message: "'cron' must be a quoted cron expression with 5 or 6 fields, " +
      "found '\"0 2 * *\"'" },
  { code: "value/malformed", files: ledger("A", { sync_to: "Customer" }), line: 6, column: 12,
    message: "'sync_to' must be Entity.field, optionally followed by " +
      "'trigger: name', found 'Customer'" },
  { code: "ref/unknownEntity", files: "entity E:\n  owner: ref Usr\n", line: 2, column: 14,
    message: "field 'owner' of entity 'E' refers to entity 'Usr', which is not declared" },
  { code: "ref/unknownField", files: "entity C:\n  id: uuid pk\n" +
    ledger("A", { sync_to: "C.balance" }), line: 8, column: 12,
    message: "entity 'C' has no field 'balance' (used by ledger 'A')" },
  { code: "ref/unknownLedger", files: ledger("A") + transaction(undefined, "A", "Bank"), line: 9,
    column: 13,
    message: "transfer 't' of transaction 'T' uses ledger 'Bank', which is not declared" },
  { code: "ledger/accountCodeReused", files: ledger("A") + ledger("B"), line: 6, column: 1,
    message: "ledger 'B' reuses account_code 1 of ledger 'A' within ledger_id 1" },
  { code: "ledger/conflictingFlags", files: ledger("A", {
    flags: "debits_must_not_exceed_credits, credits_must_not_exceed_debits",
  }), line: 6, column: 10, message: "'debits_must_not_exceed_credits' and " +
    "'credits_must_not_exceed_debits' cannot both be set: TigerBeetle rejects such an account" },
  { code: "ledger/balanceFlagAgainstType", files: ledger("A", {
    flags: "debits_must_not_exceed_credits",
  }), line: 6, column: 10, message: "ledger 'A' is an asset account (debit-normal) but has " +
    "'debits_must_not_exceed_credits', so it can never hold its normal balance" },
  { code: "transfer/sameLedger", files: ledger("A") + transaction(undefined, "A", "A"), line: 7,
    column: 3, message: "transfer 't' of transaction 'T' debits and credits the same " +
      "ledger 'A'; TigerBeetle needs two different accounts" },
  { code: "transfer/ledgerMismatch", files: ledger("A") +
    ledger("B", { account_code: "2", ledger_id: "2" }) + transaction(), line: 12, column: 3,
    message: "transfer 't' of transaction 'T' moves from 'A' (ledger_id 1) to 'B' " +
      "(ledger_id 2); TigerBeetle transfers stay within one ledger" },
  { code: "transfer/currencyMismatch", files: ledger("A") +
    ledger("B", { account_code: "2", currency: "EUR" }) + transaction(), line: 12, column: 3,
    message: "transfer 't' of transaction 'T' moves from 'A' (GBP) to 'B' (EUR); both sides " +
      "of a transfer must share a currency" },
  { code: "transaction/noIdempotencyKey", files: twoLedgers + transaction(""), line: 11, column: 1,
    message: "transaction 'T' has no 'idempotency_key': a retried request could " +
      "post its transfers twice" },
  { code: "transaction/legsNotLinked", files: twoLedgers + transaction(
    "  transfer back:\n    debit: B\n    credit: A\n    amount: event.amount\n" +
      "  idempotency_key: event.id\n",
  ), line: 12, column: 3,
    message: "transfer 't' of transaction 'T' is not 'linked': with 2 legs, every leg but the " +
      "last must be linked so they succeed or fail together" },
  { code: "transaction/noTransfers", files: "transaction T:\n  execution: sync\n", line: 1,
    column: 1, message: "transaction 'T' has no transfer" },
  { code: "schedule/noTrigger", files: "schedule cleanup:\n  steps: purge\n", line: 1, column: 1,
    message: "schedule 'cleanup' has no 'cron' or 'every': nothing will run it" },
  // The typo cases of issue 15, each with its exact message.
  { code: "field/missingColon", files: "entity C \"C\":\n  id: uuid pk\n" +
    "  name str(100) required\n", line: 3, column: 3,
    message: "field 'name' of entity 'C' has no ':' after its name" },
  { code: "field/unknownType", files: "entity C \"C\":\n  id: uuid pk\n  email: string(200)\n",
    line: 3, column: 10, message: "unknown type 'string' for field 'email' of entity 'C'" },
  { code: "field/defaultNotInEnum", files: "entity C \"C\":\n  id: uuid pk\n" +
    "  status: enum[active,inactive] = actve\n", line: 3, column: 35,
    message: "default 'actve' of field 'status' is not one of its values: active, inactive" },
  { code: "names/duplicateConstruct",
    files: { "a.dsl": "surface list \"List\":\n  mode: list\n",
      "b.dsl": "surface other:\n  mode: view\nsurface list:\n  mode: view\n" }, file: "b.dsl",
    line: 3, column: 1, message: "surface 'list' is already declared at a.dsl:1:1" },
  { code: "names/unknownConstruct", files: "entiy Foo \"Foo\":\n  x: int\n", line: 1, column: 1,
    message: "'entiy' is not a construct keyword; this block is kept but not " +
      "interpreted" },
  { code: "job/noTrigger", files: "job cleanup:\n  run: scripts/cleanup.py\n", line: 1, column: 1,
    message: "job 'cleanup' has no 'trigger:' or 'schedule:': nothing would run it" },
  { code: "keys/ignoredKey", files: "job j:\n  schedule: cron(\"0 1 * * *\")\n  retyr: 2\n",
    line: 3, column: 3, message: "'retyr' is not a key of job 'j'; it is ignored" },
  { code: "vocabulary/malformedUse", files: "@use audit_fields\n", line: 1, column: 1,
    message: "'@use' is not followed by an entry name and '('; write it as " +
      "@use entry_name(param=value, ...)", vocabulary },
  { code: "vocabulary/noManifest", files: "entity C \"C\":\n  id: uuid pk\n  @use audit_fields()\n",
    line: 3, column: 3, message: "'@use audit_fields' needs the project's vocabulary, " +
      "dazzle/local_vocab/manifest.yml, which does not exist" },
  { code: "vocabulary/invalidManifest", files: "@use audit_fields()\n", line: 3, column: 1,
    file: "dazzle/local_vocab/manifest.yml", vocabulary: "entries:\n  - {id: audit_fields\n",
    message: "the vocabulary manifest is not valid YAML: Flow map in block collection must be " +
      "sufficiently indented and end with a }" },
  { code: "vocabulary/unknownEntry", files: "@use audit_feilds()\n", line: 1, column: 1,
    message: "'@use audit_feilds': dazzle/local_vocab/manifest.yml has no entry 'audit_feilds'",
    vocabulary },
  { code: "vocabulary/invalidArgument", files: "@use audit_fields(usr=Staff)\n", line: 1, column: 1,
    message: "'@use audit_fields': entry 'audit_fields' has no parameter 'usr' " +
      "(did you mean 'user'?)", vocabulary },
  { code: "vocabulary/unsupportedTemplate", files: "@use audit_fields()\n", line: 1, column: 1,
    vocabulary: vocabulary.replace("{{ user }}", "{{ user | replace('a', 'b') }}"),
    message: "'@use audit_fields': the template of entry 'audit_fields' " +
      "(dazzle/local_vocab/manifest.yml:2) cannot be rendered: '{{ user | replace('a', 'b') }}' " +
      "uses the filter 'replace('a', 'b')', which the deploy tool does not render (it renders " +
      "lower, upper, title, capitalize, trim, default)" },
  { code: "vocabulary/expansionTooLarge", files: "@use audit_fields()\n".repeat(60_000), line: 1,
    column: 1, vocabulary, message: "with its @use lines expanded, the file is 3060000 bytes; " +
      "the limit is 2097152" },
  { code: "value/unknownTimeZone", files: "schedule s:\n  cron: \"0 8 * * *\"\n" +
    "  timezone: \"Europe/Londn\"\n", line: 3, column: 13, message: "'timezone' must be an " +
      "IANA time zone such as \"Europe/London\", found '\"Europe/Londn\"'" },
];

function pick(d: Diagnostic) {
  return { file: d.span?.file, line: d.span?.line, column: d.span?.column, message: d.message };
}

describe("each diagnostic code, on a minimal bad file", () => {
  for (const c of cases) {
    test(`${c.code}: ${c.message.slice(0, 60)}`, async () => {
      const files = typeof c.files === "string" ? { "a.dsl": c.files } : c.files;
      const loaded = await loadSources(
        Object.entries(files).map(([path, text]) => ({ path, text })),
        c.vocabulary === undefined ?
          undefined :
          { path: "dazzle/local_vocab/manifest.yml", text: c.vocabulary },
      );
      const found = loaded.diagnostics.filter((d) => d.code === c.code);
      expect(found.map(pick)).toEqual([{ file: c.file ?? "a.dsl", line: c.line, column: c.column,
        message: c.message }]);
      expect(found[0]!.severity).toBe(frontendCodes[c.code as keyof typeof frontendCodes]
        .severity);
      // The minimal file has no other error: the case tests exactly one rule.
      const otherErrors = loaded.diagnostics.filter((d) =>
        d.severity === "error" &&
        d.code !== c.code && !(c.code === "syntax/tooManyErrors")
      );
      expect(otherErrors.map((d) => d.code)).toEqual([]);
    });
  }
});

describe("project-level codes (need files on disk)", () => {
  const root = mkdtempSync(join(tmpdir(), "dazzle-codes-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function project(name: string): string {
    const dir = join(root, name);
    mkdirSync(join(dir, "dsl"), { recursive: true });
    return dir;
  }

  test("project/noDslFiles: a project without dsl/ is a diagnostic, not a throw", async () => {
    const dir = join(root, "empty");
    mkdirSync(dir);
    const loaded = await loadProject(dir);
    expect(loaded.diagnostics.map((d) => [d.code, d.message, d.span])).toEqual([
      ["project/noDslFiles", `no .dsl files under ${join(dir, "dsl")}`, undefined],
    ]);
  });

  test("project/unreadableFile: a broken symbolic link", async () => {
    const dir = project("broken");
    symlinkSync(join(dir, "nowhere.dsl"), join(dir, "dsl", "broken.dsl"));
    const loaded = await loadProject(dir);
    expect(loaded.diagnostics.map(pick)).toEqual([{ file: "dsl/broken.dsl", line: 1, column: 1,
      message: "cannot read dsl/broken.dsl: it is a symbolic link to " +
        `${join(dir, "nowhere.dsl")}, which does not exist` }]);
    expect(loaded.diagnostics[0]!.code).toBe("project/unreadableFile");
  });

  test("project/tooManyFiles: more files than the limit", async () => {
    const dir = project("many");
    for (let i = 0; i <= 2000; i++) writeFileSync(join(dir, "dsl", `f${i}.dsl`), "");
    const loaded = await loadProject(dir);
    expect(loaded.diagnostics.map((d) => [d.code, d.message])).toEqual([["project/tooManyFiles",
      "the project has 2001 .dsl files; the limit is 2000"]]);
  });

  test("source/notUtf8: points at the first invalid byte", async () => {
    const dir = project("latin1");
    writeFileSync(join(dir, "dsl", "a.dsl"), Buffer.from([
      ...Buffer.from("module a\nb: caf"),
      0xe9,
      ...Buffer.from("\n"),
    ]));
    const loaded = await loadProject(dir);
    expect(loaded.diagnostics.map(pick)).toEqual([{ file: "dsl/a.dsl", line: 2, column: 7,
      message: "file is not valid UTF-8: byte 0xE9 at offset 15 starts no valid character" }]);
    expect(loaded.diagnostics[0]!.code).toBe("source/notUtf8");
  });

  test("docs/dsl.md lists every registered code with its severity", () => {
    const docs = readFileSync(join(import.meta.dir, "..", "..", "docs", "dsl.md"), "utf8");
    for (const [code, info] of Object.entries(frontendCodes)) {
      expect(docs).toContain(`| \`${code}\` | ${info.severity} |`);
    }
  });

  test("every registered code has a case in this file", () => {
    // source/tooComplex: no real input reaches it; tests/frontend/limits.test.ts drives it.
    const tested = new Set([...cases.map((c) => c.code), "project/noDslFiles",
      "project/unreadableFile", "project/tooManyFiles", "source/notUtf8", "source/tooComplex"]);
    expect([...tested].sort()).toEqual(Object.keys(frontendCodes).sort());
  });
});
