/**
 * `transaction Name "Label":` with `transfer leg:` blocks → Transaction / Transfer.
 */
import type { Property, Transaction, Transfer } from "../../ir/appspec.ts";
import type { Line } from "../cst.ts";
import { report, type LowerContext } from "./context.ts";
import { lowerProperties } from "./generic.ts";
import { dispatchKeys, readHeader, requireKeys, requireName,
  splitDocstring } from "./keyed-block.ts";
import { readChoice, readDurationMs, readInteger, readWordList, unquote,
  valueText } from "./values.ts";

/** TigerBeetle transfer flags. */
const transferFlags = [
  "linked",
  "pending",
  "post_pending_transfer",
  "void_pending_transfer",
  "balancing_debit",
  "balancing_credit",
  "closing_debit",
  "closing_credit",
  "imported",
  // The original parser's shorter names.
  "post_pending",
  "void_pending",
  "balancing",
] as const;

/** TigerBeetle transfer `code` is a u16 and 0 is reserved. */
const transferCodeRange = { min: 1, max: 65_535 } as const;

const requiredTransferKeys = {
  debit: "the ledger debited",
  credit: "the ledger credited",
  amount: "the amount moved, e.g. event.amount",
} as const;

export function lowerTransaction(context: LowerContext, line: Line): Transaction | undefined {
  const header = readHeader(line);
  const name = requireName(context, header);
  if (name === undefined) return undefined;
  const owner = `transaction '${name}'`;
  const fields: { intent?: string; execution?: "sync" | "async"; priority?: string;
    timeoutMs?: number; idempotencyKey?: string; validation: string[] } = { validation: [] };
  const transfers: Transfer[] = [];
  const { docstring, rest } = splitDocstring(line.body);
  if (docstring !== undefined) fields.intent = docstring;
  dispatchKeys(context, rest, {
    intent: { handle: (l) => {
      fields.intent = unquote(valueText(l));
    } },
    execution: { handle: (l) => {
      fields.execution = readChoice(context, l, ["sync", "async"] as const);
    } },
    priority: { handle: (l) => {
      fields.priority = unquote(valueText(l));
    } },
    timeout: { handle: (l) => {
      fields.timeoutMs = readDurationMs(context, l);
    } },
    transfer: { takesName: true, handle: (l) => {
      const transfer = lowerTransfer(context, l, name);
      if (transfer) transfers.push(transfer);
    } },
    idempotency_key: { handle: (l) => {
      fields.idempotencyKey = valueText(l);
    } },
    validation: { handle: (l) => {
      fields.validation = readValidation(l);
    } },
  }, owner);
  return {
    name,
    ...(header.title !== undefined ? { label: header.title } : {}),
    ...(fields.intent !== undefined ? { intent: fields.intent } : {}),
    execution: fields.execution ?? "sync",
    ...(fields.priority !== undefined ? { priority: fields.priority } : {}),
    ...(fields.timeoutMs !== undefined ? { timeoutMs: fields.timeoutMs } : {}),
    transfers,
    ...(fields.idempotencyKey ? { idempotencyKey: fields.idempotencyKey } : {}),
    validation: fields.validation,
    span: line.span,
  };
}

/** `validation:` as a list of `- rule` items, or one inline rule. */
function readValidation(line: Line): string[] {
  const inline = line.valueText !== undefined ? [unquote(valueText(line))] : [];
  const items = line.body.map((item) =>
    unquote(item.valueText !== undefined ? `${item.keyText}: ${valueText(item)}` : item.keyText)
  );
  return [...inline, ...items];
}

function lowerTransfer(context: LowerContext, line: Line, transaction: string) {
  const legName = line.arguments[0]!.text;
  const owner = `transfer '${legName}' of transaction '${transaction}'`;
  const fields: { debit?: string; credit?: string; amount?: string; code?: number; flags: string[];
    pendingId?: string; userData?: Property[] } = { flags: [] };
  const readLedgerName = (l: Line): string | undefined => {
    const atom = l.value[0];
    if (l.value.length !== 1 || atom?.kind !== "identifier") {
      report(context, "value/malformed",
        `'${l.keyText}' must name one ledger, found '${valueText(l)}'`, l.valueSpan ?? l.keySpan);
      return undefined;
    }
    context.references.push({ kind: "ledger", name: atom.text, span: atom.span, usedBy: owner });
    return atom.text;
  };
  const seen = dispatchKeys(context, line.body, {
    debit: { handle: (l) => {
      fields.debit = readLedgerName(l);
    } },
    credit: { handle: (l) => {
      fields.credit = readLedgerName(l);
    } },
    amount: { handle: (l) => {
      fields.amount = valueText(l);
    } },
    code: { handle: (l) => {
      fields.code = readInteger(context, l, transferCodeRange, "TigerBeetle transfer code");
    } },
    flags: { handle: (l) => {
      fields.flags = readWordList(context, l, transferFlags);
    } },
    pending_id: { handle: (l) => {
      fields.pendingId = unquote(valueText(l));
    } },
    user_data: { handle: (l) => {
      fields.userData = readUserData(context, l);
    } },
  }, owner);
  if (!requireKeys(context, seen, requiredTransferKeys, owner, line.keySpan)) return undefined;
  if (fields.debit === undefined || fields.credit === undefined || !fields.amount) {
    return undefined;
  }
  const transfer: Transfer = {
    name: legName,
    debit: fields.debit,
    credit: fields.credit,
    amount: fields.amount,
    ...(fields.code !== undefined ? { code: fields.code } : {}),
    flags: fields.flags,
    ...(fields.pendingId !== undefined ? { pendingId: fields.pendingId } : {}),
    ...(fields.userData !== undefined ? { userData: fields.userData } : {}),
    span: line.span,
  };
  return transfer;
}

/**
 * `user_data:` and a block of `key: value` lines (the original's form), kept as written. A
 * value on the `user_data:` line itself has no place in TigerBeetle's user data fields.
 */
function readUserData(context: LowerContext, line: Line): Property[] | undefined {
  if (line.valueText !== undefined || line.body.length === 0 ||
    line.body.some((entry) =>
      !entry.hasColon || entry.valueText === undefined ||
      entry.body.length > 0
    )) {
    report(context, "value/malformed", "'user_data' takes a block of `key: value` lines, " +
      `found ${line.valueText !== undefined ? `'${valueText(line)}'` : "another shape"}`,
      line.valueSpan ?? line.keySpan, "write it as user_data: and, indented below, " +
      "lines such as  order_id: order.id");
    return undefined;
  }
  return lowerProperties(line.body);
}
