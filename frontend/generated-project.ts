/**
 * A synthetic but realistic DSL project of a given size, for benchmarks (here and in the
 * binary benchmark): entities, ledgers, transactions, channels, schedules and generic
 * constructs, with unique names and account codes so it validates without errors.
 */
import type { SourceFile } from "./index.ts";

/** One unit of each construct kind; about 60 lines. */
function unit(index: number): string {
  return unitText(unitPartsOf(index));
}

/** Unique names, and account codes unique within each ledger_id. */
function unitPartsOf(index: number): UnitParts {
  return { n: String(index), walletCode: String((index % 30_000) * 2 + 1),
    bankCode: String((index % 30_000) * 2 + 2), ledgerId: String(Math.floor(index / 30_000) + 1) };
}

/** What varies from unit to unit, as text: numbers, or template placeholders (`{{ n }}`). */
interface UnitParts {
  readonly n: string;
  readonly walletCode: string;
  readonly bankCode: string;
  readonly ledgerId: string;
}

/** The text of one unit. */
function unitText({ n, walletCode, bankCode, ledgerId }: UnitParts): string {
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
  account_code: ${walletCode}
  ledger_id: ${ledgerId}
  account_type: liability
  currency: GBP
  flags: debits_must_not_exceed_credits, history
  sync_to: Customer${n}.balance_cache

ledger Bank${n} "Bank ${n}":
  account_code: ${bankCode}
  ledger_id: ${ledgerId}
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
  return generateFiles(lineCount, linesPerFile, unit);
}

/**
 * The same project written with app-local vocabulary: each unit one `@use unit(...)` line,
 * expanded from the manifest of `generatedVocabulary()` to the text `generateProject` writes.
 */
export function generateVocabularyProject(lineCount: number, linesPerFile = 1_000): SourceFile[] {
  return generateFiles(lineCount, linesPerFile, (index) => {
    const parts = unitPartsOf(index);
    return `@use unit(n=${parts.n}, wallet_code=${parts.walletCode}, ` +
      `bank_code=${parts.bankCode}, ledger_id=${parts.ledgerId})\n`;
  });
}

/** The manifest `generateVocabularyProject` expands from: one entry, the unit as a template. */
export function generatedVocabulary(): string {
  const body = unitText({ n: "{{ n }}", walletCode: "{{ wallet_code }}",
    bankCode: "{{ bank_code }}", ledgerId: "{{ ledger_id }}" });
  const parameters = ["n", "wallet_code", "bank_code", "ledger_id"]
    .map((name) => `      - name: ${name}\n        type: number\n`).join("");
  return `entries:\n  - id: unit\n    parameters:\n${parameters}    expansion:\n` +
    `      body: |\n${
      body.split("\n").map((line) => line === "" ? "" : `        ${line}`)
        .join("\n")
    }\n`;
}

function generateFiles(lineCount: number, linesPerFile: number,
  unitSource: (index: number) => string): SourceFile[] {
  const linesPerUnit = unit(0).split("\n").length - 1;
  const unitsPerFile = Math.max(1, Math.round(linesPerFile / linesPerUnit));
  const unitCount = Math.max(1, Math.round(lineCount / linesPerUnit));
  const files: SourceFile[] = [];
  for (let first = 0; first < unitCount; first += unitsPerFile) {
    const number = String(files.length).padStart(3, "0");
    let text = `module generated.part${number}\n\n`;
    for (let index = first; index < Math.min(unitCount, first + unitsPerFile); index++) {
      text += unitSource(index);
    }
    files.push({ path: `dsl/part${number}.dsl`, text });
  }
  return files;
}
