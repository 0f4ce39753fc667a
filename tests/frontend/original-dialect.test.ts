/**
 * Forms the original Dazzle parser accepted, which real projects use: they must check clean
 * and mean what they meant there.
 */
import { expect, test } from "bun:test";
import { loadSources } from "../../frontend/index.ts";
import "./test-env.ts";

const source = `module m

ledger Wallet "Wallet":
  "Customer prepaid balances"
  account_code: 1001
  ledger_id: 1
  account_type: Asset
  currency: GBP
  sync_to: Customer.balance trigger: scheduled "0 * * * *"

ledger Revenue:
  account_code: 4001
  ledger_id: 1
  account_type: revenue
  currency: GBP

transaction Charge:
  "Charge a customer"
  execution: ASYNC
  timeout: 5000
  transfer hold:
    debit: Wallet
    credit: Revenue
    amount: payment.amount
    flags: pending, linked
  transfer post:
    debit: Wallet
    credit: Revenue
    amount: payment.amount
    flags: post_pending
  idempotency_key: payment.id

entity Customer "Customer":
  id: uuid pk
  balance: money(GBP)

channel inbox:
  provider: auto
  provider_config:
    max_per_minute: 60
`;

test("the original parser's forms load without diagnostics and keep their meaning", async () => {
  const loaded = await loadSources([{ path: "a.dsl", text: source }]);
  expect(loaded.diagnostics).toEqual([]);
  const [wallet] = loaded.appSpec.ledgers;
  expect(wallet).toMatchObject({ intent: "Customer prepaid balances", accountType: "asset",
    syncTo: { entity: "Customer", field: "balance", trigger: 'scheduled "0 * * * *"' } });
  const [charge] = loaded.appSpec.transactions;
  expect(charge).toMatchObject({ intent: "Charge a customer", execution: "async",
    timeoutMs: 5000 });
  expect(charge!.transfers.map((t) => t.flags)).toEqual([["pending", "linked"],
    ["post_pending"]]);
  expect(loaded.appSpec.channels[0]!.kind).toBe("email");
});
