/**
 * Rules on one transaction against the declared ledgers (TigerBeetle's own rules, checked
 * before anything is deployed) and the warnings a ledger expert would raise.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Ledger, Transaction, Transfer } from "../ir/appspec.ts";
import { frontendDiagnostic } from "./codes.ts";

export function checkTransaction(
  transaction: Transaction,
  ledgers: ReadonlyMap<string, Ledger>,
  out: Diagnostic[],
): void {
  for (const transfer of transaction.transfers) checkTransfer(transaction, transfer, ledgers, out);
  if (transaction.transfers.length === 0) {
    out.push(
      frontendDiagnostic("transaction/noTransfers",
        `transaction '${transaction.name}' has no transfer`, transaction.span,
        "add a 'transfer name:' block with debit, credit and amount"),
    );
    return;
  }
  if (transaction.idempotencyKey === undefined) {
    out.push(
      frontendDiagnostic("transaction/noIdempotencyKey",
        `transaction '${transaction.name}' has no 'idempotency_key': a retried request could ` +
          "post its transfers twice", transaction.span, "add e.g. idempotency_key: event.id"),
    );
  }
  const legs = transaction.transfers;
  const unlinked = legs.slice(0, -1).find((leg) => !leg.flags.includes("linked"));
  if (unlinked) {
    out.push(
      frontendDiagnostic("transaction/legsNotLinked",
        `transfer '${unlinked.name}' of transaction '${transaction.name}' is not 'linked': with ` +
          `${legs.length} legs, every leg but the last must be linked so they succeed or fail ` +
          "together", unlinked.span, "add flags: linked"),
    );
  }
}

function checkTransfer(
  transaction: Transaction,
  transfer: Transfer,
  ledgers: ReadonlyMap<string, Ledger>,
  out: Diagnostic[],
): void {
  const owner = `transfer '${transfer.name}' of transaction '${transaction.name}'`;
  if (transfer.debit === transfer.credit) {
    out.push(
      frontendDiagnostic("transfer/sameLedger",
        `${owner} debits and credits the same ledger '${transfer.debit}'; TigerBeetle needs two ` +
          "different accounts", transfer.span),
    );
    return;
  }
  const debit = ledgers.get(transfer.debit);
  const credit = ledgers.get(transfer.credit);
  if (!debit || !credit) return;
  if (debit.ledgerId !== 0 && credit.ledgerId !== 0 && debit.ledgerId !== credit.ledgerId) {
    out.push(
      frontendDiagnostic("transfer/ledgerMismatch",
        `${owner} moves from '${debit.name}' (ledger_id ${debit.ledgerId}) to '${credit.name}' ` +
          `(ledger_id ${credit.ledgerId}); TigerBeetle transfers stay within one ledger`,
        transfer.span, "use two linked transfers through a settlement account per ledger"),
    );
  }
  if (debit.currency && credit.currency && debit.currency !== credit.currency) {
    out.push(
      frontendDiagnostic("transfer/currencyMismatch",
        `${owner} moves from '${debit.name}' (${debit.currency}) to '${credit.name}' ` +
          `(${credit.currency}); both sides of a transfer must share a currency`, transfer.span),
    );
  }
}
