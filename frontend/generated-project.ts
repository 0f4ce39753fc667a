/**
 * A synthetic but realistic DSL project of a given size, for benchmarks (here and in the
 * binary benchmark): entities, ledgers, transactions, channels, schedules and generic
 * constructs, with unique names and account codes so it validates without errors.
 */
import type { SourceFile } from "./index.ts";

/** One unit of each construct kind; about 60 lines. */
function unit(index: number): string {
  const n = String(index);
  return `entity Customer${n} "Customer ${n}":
  intent: "A person who holds wallet ${n}"
  id: uuid pk
  email: str(200) unique required pii(category=contact)
  status: enum[active,suspended,closed]=active
  balance_cache: money(GBP)
  document: file
  created_at: datetime auto_add

  permit:
    read: role(admin) or role(support)
    update: role(admin)

ledger Wallet${n} "Wallet ${n}":
  intent: "What the business owes customer group ${n}"
  account_code: ${(index % 30_000) * 2 + 1}
  ledger_id: ${Math.floor(index / 30_000) + 1}
  account_type: liability
  currency: GBP
  flags: debits_must_not_exceed_credits, history
  sync_to: Customer${n}.balance_cache

ledger Bank${n} "Bank ${n}":
  account_code: ${(index % 30_000) * 2 + 2}
  ledger_id: ${Math.floor(index / 30_000) + 1}
  account_type: asset
  currency: GBP

transaction TopUp${n} "Top-up ${n}":
  execution: sync
  timeout: 5s
  transfer fund:
    debit: Bank${n}
    credit: Wallet${n}
    amount: event.amount
    code: 1
  idempotency_key: event.payment_id

channel queue${n} "Queue ${n}":
  kind: queue
  provider: auto
  config:
    visibility_timeout: 5min
    max_retries: 5

schedule nightly${n} "Nightly ${n}":
  cron: "0 2 * * *"

surface list${n} "List ${n}":
  uses entity Customer${n}
  mode: list
  section main "Main":
    field email "Email"
    field status "Status"

`;
}

/** About `lineCount` lines, split into files of about `linesPerFile`. */
export function generateProject(lineCount: number, linesPerFile = 1_000): SourceFile[] {
  const linesPerUnit = unit(0).split("\n").length - 1;
  const unitsPerFile = Math.max(1, Math.round(linesPerFile / linesPerUnit));
  const unitCount = Math.max(1, Math.round(lineCount / linesPerUnit));
  const files: SourceFile[] = [];
  for (let first = 0; first < unitCount; first += unitsPerFile) {
    const number = String(files.length).padStart(3, "0");
    let text = `module generated.part${number}\n\n`;
    for (let index = first; index < Math.min(unitCount, first + unitsPerFile); index++) {
      text += unit(index);
    }
    files.push({ path: `dsl/part${number}.dsl`, text });
  }
  return files;
}
