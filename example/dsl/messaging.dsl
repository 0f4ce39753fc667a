# Asynchronous work: a queue for payouts, an event stream for ledger events, a nightly job.

module wallet.messaging

use wallet.core

channel payouts "Payout Processing Queue":
  kind: queue
  provider: auto

  config:
    visibility_timeout: 5min
    max_retries: 5

  receive process_payout:
    message: PayoutRequested

channel ledger_events "Ledger Event Stream":
  kind: stream
  provider: auto

  send transfer_posted:
    message: TransferPosted

channel receipts "Receipt Emails":
  kind: email
  provider: auto

  config:
    from_address: "receipts@example.com"

schedule nightly_reconciliation "Nightly Reconciliation":
  cron: "0 2 * * *"

  steps:
    - step compare_balances:
        service: reconcile_wallets
        timeout: 30m

message PayoutRequested "Payout Requested":
  payout_id: uuid required
  customer_id: uuid required
  amount: decimal(12,2) required

message TransferPosted "Transfer Posted":
  transfer_id: uuid required
  ledger: str(50) required
  amount: decimal(12,2) required
