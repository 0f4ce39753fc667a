/**
 * Every diagnostic code the front end emits, with its severity and a one-line summary (the
 * summary feeds docs/dsl.md). Codes are stable: users and tests match on them, never on the
 * message text. New codes are added here first.
 */
import type { Diagnostic, DiagnosticSeverity } from "../diagnostics/diagnostic.ts";
import type { Span } from "../ir/span.ts";

interface CodeInfo {
  readonly severity: DiagnosticSeverity;
  readonly summary: string;
}

export const frontendCodes = {
  "project/noDslFiles": { severity: "error", summary: "no `dsl/**/*.dsl` file in the project" },
  "project/unreadableFile": { severity: "error", summary: "a `.dsl` file could not be read" },
  "project/tooManyFiles": { severity: "error", summary: "more `.dsl` files than the limit" },
  "source/fileTooLarge": { severity: "error", summary: "file larger than the size limit" },
  "source/notUtf8": { severity: "error", summary: "file is not valid UTF-8" },
  "source/lineTooLong": { severity: "error", summary: "line longer than the length limit" },
  "source/nestingTooDeep": { severity: "error", summary: "blocks or brackets nested too deeply" },
  "source/mixedIndentation": { severity: "warning",
    summary: "a file indents with both tabs and spaces" },
  "syntax/unexpectedCharacter": { severity: "error",
    summary: "a character that is not part of the language" },
  "syntax/unterminatedString": { severity: "error", summary: "string never closed" },
  "syntax/unclosedBracket": { severity: "error", summary: "'(' or '[' never closed" },
  "syntax/inconsistentIndentation": { severity: "error",
    summary: "dedent to a column that matches no enclosing block" },
  "syntax/unexpectedIndentation": { severity: "error",
    summary: "deeper line after a line that cannot open a block" },
  "syntax/missingBlock": { severity: "error",
    summary: "line ends in `:` but no indented block follows" },
  "syntax/unexpectedText": { severity: "error", summary: "text the grammar does not accept here" },
  "syntax/missingToken": { severity: "error", summary: "a required token is missing" },
  "syntax/tooManyErrors": { severity: "info", summary: "further syntax errors in a file omitted" },
  "module/unknownModule": { severity: "error", summary: "`use` of a module no file declares" },
  "module/duplicateModule": { severity: "warning",
    summary: "two files declare the same module" },
  "names/duplicateName": { severity: "error",
    summary: "two constructs of one kind share a name" },
  "names/duplicateField": { severity: "error", summary: "an entity declares a field twice" },
  "names/missingName": { severity: "error", summary: "an interpreted construct has no name" },
  "keys/unknownKey": { severity: "error",
    summary: "unknown key inside ledger, transaction, transfer or channel" },
  "keys/missingKey": { severity: "error", summary: "a required key is missing" },
  "keys/duplicateKey": { severity: "error", summary: "a key is given twice in one block" },
  "value/notInteger": { severity: "error", summary: "value must be a whole number" },
  "value/outOfRange": { severity: "error", summary: "number outside its allowed range" },
  "value/notAllowed": { severity: "error", summary: "value is not one of the allowed words" },
  "value/invalidCurrency": { severity: "error",
    summary: "currency is not an ISO 4217 code (3 upper-case letters)" },
  "value/currencyNotUpperCase": { severity: "warning",
    summary: "currency written in lower case (read upper-cased)" },
  "value/invalidDuration": { severity: "error",
    summary: "not a duration literal such as `30s`, `5min`, `24h`" },
  "value/invalidCron": { severity: "error", summary: "cron expression without 5 or 6 fields" },
  "value/malformed": { severity: "error", summary: "value does not have the expected shape" },
  "ref/unknownEntity": { severity: "error", summary: "reference to an undeclared entity" },
  "ref/unknownField": { severity: "error", summary: "reference to an undeclared entity field" },
  "ref/unknownLedger": { severity: "error",
    summary: "transfer debits or credits an undeclared ledger" },
  "ledger/accountCodeReused": { severity: "error",
    summary: "two ledgers with one `ledger_id` share an `account_code`" },
  "ledger/conflictingFlags": { severity: "error",
    summary: "both balance-limit flags on one ledger (TigerBeetle rejects it)" },
  "ledger/balanceFlagAgainstType": { severity: "warning",
    summary: "balance-limit flag opposite to the account type's normal balance" },
  "transfer/sameLedger": { severity: "error",
    summary: "a transfer debits and credits the same ledger" },
  "transfer/ledgerMismatch": { severity: "error",
    summary: "debit and credit ledgers have different `ledger_id`s" },
  "transfer/currencyMismatch": { severity: "error",
    summary: "debit and credit ledgers have different currencies" },
  "transaction/noIdempotencyKey": { severity: "warning",
    summary: "transaction without `idempotency_key` (retries could post twice)" },
  "transaction/legsNotLinked": { severity: "warning",
    summary: "multi-leg transaction whose legs are not `linked` (not atomic)" },
  "transaction/noTransfers": { severity: "warning", summary: "transaction without a transfer" },
  "schedule/noTrigger": { severity: "warning",
    summary: "schedule/job without `cron` or interval: nothing will run it" },
} as const satisfies Record<string, CodeInfo>;

export type FrontendCode = keyof typeof frontendCodes;

/** Builds a diagnostic whose severity comes from the registry, so it cannot drift. */
export function frontendDiagnostic(
  code: FrontendCode,
  message: string,
  span?: Span,
  hint?: string,
): Diagnostic {
  const diagnostic: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    code,
    severity: frontendCodes[code].severity,
    message,
  };
  if (span) diagnostic.span = span;
  if (hint) diagnostic.hint = hint;
  return diagnostic;
}
