/**
 * `ledger Name "Label":` → Ledger: one TigerBeetle account template.
 */
import type { AccountType, Ledger, LedgerFlag, Property } from "../../ir/appspec.ts";
import type { Line } from "../cst.ts";
import { report, type LowerContext } from "./context.ts";
import { dispatchKeys, readHeader, requireKeys, requireName,
  splitDocstring } from "./keyed-block.ts";
import { lowerProperties } from "./generic.ts";
import { isCurrencyCode, readBoolean, readChoice, readInteger, readWordList, unquote,
  valueText } from "./values.ts";

const accountTypes: readonly AccountType[] = ["asset", "liability", "equity", "revenue", "expense"];

const ledgerFlags: readonly LedgerFlag[] = [
  "debits_must_not_exceed_credits",
  "credits_must_not_exceed_debits",
  "linked",
  "history",
];

/** TigerBeetle account `code` is a u16 and 0 is reserved. */
const accountCodeRange = { min: 1, max: 65_535 } as const;
/** TigerBeetle `ledger` is a u32 and 0 is reserved. */
const ledgerIdRange = { min: 1, max: 4_294_967_295 } as const;

const requiredLedgerKeys = {
  account_code: "TigerBeetle account code, 1–65535",
  ledger_id: "TigerBeetle ledger number, 1–4294967295",
  account_type: `one of ${accountTypes.join(", ")}`,
  currency: "ISO 4217 code such as GBP",
} as const;

export function lowerLedger(context: LowerContext, line: Line): Ledger | undefined {
  const header = readHeader(line);
  const name = requireName(context, header);
  if (name === undefined) return undefined;
  const owner = `ledger '${name}'`;
  const fields: {
    intent?: string;
    accountCode?: number;
    ledgerId?: number;
    accountType?: AccountType;
    currency?: string;
    flags: LedgerFlag[];
    syncTo?: Ledger["syncTo"];
    tenantScoped: boolean;
    metadataMapping: Property[];
    // The original parser's default: a ledger's accounts are per tenant unless it says not.
  } = { flags: [], tenantScoped: true, metadataMapping: [] };
  const { docstring, rest } = splitDocstring(line.body);
  if (docstring !== undefined) fields.intent = docstring;
  const seen = dispatchKeys(context, rest, {
    intent: { handle: (l) => {
      fields.intent = unquote(valueText(l));
    } },
    account_code: { handle: (l) => {
      fields.accountCode = readInteger(context, l, accountCodeRange, "TigerBeetle account code");
    } },
    ledger_id: { handle: (l) => {
      fields.ledgerId = readInteger(context, l, ledgerIdRange, "TigerBeetle ledger, a u32");
    } },
    account_type: { handle: (l) => {
      fields.accountType = readChoice(context, l, accountTypes);
    } },
    currency: { handle: (l) => {
      fields.currency = readCurrency(context, l);
    } },
    flags: { handle: (l) => {
      fields.flags = readLedgerFlags(context, l);
    } },
    sync_to: { handle: (l) => {
      fields.syncTo = readSyncTo(context, l, owner);
    } },
    tenant_scoped: { handle: (l) => {
      fields.tenantScoped = readBoolean(context, l) ?? true;
    } },
    metadata_mapping: { handle: (l) => {
      fields.metadataMapping = lowerProperties(l.body);
    } },
  }, owner);
  requireKeys(context, seen, requiredLedgerKeys, owner, header.span);
  if (fields.accountType) checkBalanceFlag(context, fields.accountType, fields.flags, owner, line);
  return {
    name,
    ...(header.title !== undefined ? { label: header.title } : {}),
    ...(fields.intent !== undefined ? { intent: fields.intent } : {}),
    // Missing or invalid required values were reported above; 0 / "" only keep the shape.
    accountCode: fields.accountCode ?? 0,
    ledgerId: fields.ledgerId ?? 0,
    accountType: fields.accountType ?? "asset",
    currency: fields.currency ?? "",
    flags: fields.flags,
    ...(fields.syncTo ? { syncTo: fields.syncTo } : {}),
    tenantScoped: fields.tenantScoped,
    metadataMapping: fields.metadataMapping,
    span: line.span,
  };
}

/** Assets and expenses carry debit balances; liabilities, equity and revenue credit ones. */
const debitNormalTypes: readonly AccountType[] = ["asset", "expense"];

/**
 * A balance limit normally protects an account's normal side: a liability (credit-normal) may
 * not go into debit, so `debits_must_not_exceed_credits`. The opposite flag on such an account
 * makes it unable to hold its ordinary balance: what a ledger expert would flag.
 */
function checkBalanceFlag(
  context: LowerContext,
  accountType: AccountType,
  flags: readonly LedgerFlag[],
  owner: string,
  line: Line,
): void {
  const debitNormal = debitNormalTypes.includes(accountType);
  const opposite: LedgerFlag = debitNormal
    ? "debits_must_not_exceed_credits"
    : "credits_must_not_exceed_debits";
  if (!flags.includes(opposite)) return;
  const flagsLine = line.body.find((child) => child.head.text === "flags");
  const expected: LedgerFlag = debitNormal
    ? "credits_must_not_exceed_debits"
    : "debits_must_not_exceed_credits";
  report(context, "ledger/balanceFlagAgainstType",
    `${owner} is ${accountType === "asset" || accountType === "expense" ? "an" : "a"} ` +
      `${accountType} account (${debitNormal ? "debit" : "credit"}-normal) but has ` +
      `'${opposite}', so it can never hold its normal balance`,
    flagsLine?.valueSpan ?? line.keySpan, `did you mean '${expected}'?`);
}

function readCurrency(context: LowerContext, line: Line): string | undefined {
  const text = unquote(valueText(line));
  if (isCurrencyCode(text)) return text;
  // The original parser upper-cased the code: accept `gbp`, but say how it is meant.
  if (isCurrencyCode(text.toUpperCase())) {
    report(context, "value/currencyNotUpperCase",
      `currency '${text}' is read as '${text.toUpperCase()}'`, line.valueSpan ?? line.keySpan,
      `write it as ${text.toUpperCase()}`);
    return text.toUpperCase();
  }
  report(context, "value/invalidCurrency",
    `currency '${text}' is not an ISO 4217 code (three upper-case letters, such as GBP)`,
    line.valueSpan ?? line.keySpan, "for example GBP, EUR or USD");
  return undefined;
}

function readLedgerFlags(context: LowerContext, line: Line): LedgerFlag[] {
  const flags = readWordList(context, line, ledgerFlags);
  if (flags.includes("debits_must_not_exceed_credits") &&
    flags.includes("credits_must_not_exceed_debits")) {
    report(context, "ledger/conflictingFlags",
      "'debits_must_not_exceed_credits' and 'credits_must_not_exceed_debits' cannot both be " +
        "set: TigerBeetle rejects such an account", line.valueSpan ?? line.keySpan,
      "keep the one that matches the account type");
  }
  return flags;
}

/** `Entity.field` optionally followed by `trigger: after_transfer` (or `scheduled "cron"`). */
function readSyncTo(context: LowerContext, line: Line, owner: string): Ledger["syncTo"] {
  const [entity, dot, field, ...rest] = line.value;
  const shaped = entity?.kind === "identifier" && dot?.text === "." &&
    field?.kind === "identifier";
  const trigger = rest.length >= 3 && rest[0]!.text === "trigger" && rest[1]!.text === ":"
    ? rest.slice(2).map((atom) => atom.text).join(" ")
    : undefined;
  if (!shaped || (rest.length > 0 && trigger === undefined)) {
    report(context, "value/malformed",
      `'sync_to' must be Entity.field, optionally followed by 'trigger: name', ` +
        `found '${valueText(line)}'`, line.valueSpan ?? line.keySpan);
    return undefined;
  }
  const span = { ...entity.span, endLine: field.span.endLine, endColumn: field.span.endColumn };
  context.references.push({ kind: "entityField", entity: entity.text, field: field.text, span,
    usedBy: owner });
  return { entity: entity.text, field: field.text, ...(trigger ? { trigger } : {}),
    span: line.span };
}
