# Ledgers and transactions: these bring a TigerBeetle cluster into the deployment.

module wallet.ledgers

use wallet.core

ledger CustomerWallet "Customer Wallet":
  intent: "What the business owes each customer: their spendable balance"
  account_code: 2001
  ledger_id: 826
  account_type: liability
  currency: GBP
  flags: debits_must_not_exceed_credits, history
  sync_to: Customer.balance_cache
  tenant_scoped: true

ledger SettlementBank "Settlement Bank Account":
  intent: "Cash held at the settlement bank"
  account_code: 1001
  ledger_id: 826
  account_type: asset
  currency: GBP

ledger PayoutClearing "Payout Clearing":
  intent: "Payouts sent to the bank but not yet confirmed"
  account_code: 1002
  ledger_id: 826
  account_type: asset
  currency: GBP

transaction TopUp "Wallet Top-up":
  intent: "A customer adds money from their card"
  execution: sync
  timeout: 5s
  transfer fund_wallet:
    debit: SettlementBank
    credit: CustomerWallet
    amount: event.amount
    code: 1
  idempotency_key: event.payment_id

transaction RequestPayout "Payout Request":
  intent: "Move money out of a wallet into clearing, then pay it out"
  execution: async
  transfer reserve:
    debit: CustomerWallet
    credit: PayoutClearing
    amount: event.amount
    code: 2
    flags: linked
  transfer settle:
    debit: PayoutClearing
    credit: SettlementBank
    amount: event.amount
    code: 3
  idempotency_key: event.payout_id
