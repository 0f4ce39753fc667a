/**
 * The embedded example project, lowered to AppSpec and checked on meaning: what the deploy
 * pipeline will act on (ledgers → TigerBeetle, channels → queues/streams/email, file fields →
 * object storage, schedules → scheduled rules).
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { loadProject, type LoadedProject } from "../../frontend/index.ts";

const exampleDir = join(import.meta.dir, "..", "..", "example");
let project: LoadedProject;

beforeAll(async () => {
  project = await loadProject(exampleDir);
});

describe("the example project", () => {
  test("loads without any diagnostic", () => {
    expect(project.diagnostics).toEqual([]);
  });

  test("declares the app and one module per file, with their uses", () => {
    expect(project.appSpec.app?.name).toBe("wallet");
    expect(project.appSpec.app?.title).toBe("Wallet");
    expect(project.appSpec.modules.map((m) => [m.file, m.name, m.uses.map((u) => u.module)]))
      .toEqual([
        ["dsl/app.dsl", "wallet.core", []],
        ["dsl/ledgers.dsl", "wallet.ledgers", ["wallet.core"]],
        ["dsl/messaging.dsl", "wallet.messaging", ["wallet.core"]],
      ]);
  });

  test("has three GBP ledgers in TigerBeetle ledger 826 with distinct account codes", () => {
    const ledgers = project.appSpec.ledgers;
    expect(ledgers.map((l) => [l.name, l.accountCode, l.ledgerId, l.accountType, l.currency]))
      .toEqual([
        ["CustomerWallet", 2001, 826, "liability", "GBP"],
        ["SettlementBank", 1001, 826, "asset", "GBP"],
        ["PayoutClearing", 1002, 826, "asset", "GBP"],
      ]);
    const wallet = ledgers[0]!;
    expect(wallet.flags).toEqual(["debits_must_not_exceed_credits", "history"]);
    expect(wallet.tenantScoped).toBe(true);
    expect(wallet.syncTo).toMatchObject({ entity: "Customer", field: "balance_cache" });
    expect(wallet.span).toMatchObject({ file: "dsl/ledgers.dsl", line: 7, column: 1 });
  });

  test("has transactions whose transfers move between declared ledgers", () => {
    const [topUp, payout] = project.appSpec.transactions;
    expect(topUp).toMatchObject({ name: "TopUp", execution: "sync", timeoutMs: 5_000,
      idempotencyKey: "event.payment_id" });
    expect(topUp!.transfers).toHaveLength(1);
    expect(topUp!.transfers[0]).toMatchObject({ name: "fund_wallet", debit: "SettlementBank",
      credit: "CustomerWallet", amount: "event.amount", code: 1, flags: [] });
    expect(payout!.execution).toBe("async");
    expect(payout!.transfers.map((t) => [t.name, t.debit, t.credit, t.flags])).toEqual([
      ["reserve", "CustomerWallet", "PayoutClearing", ["linked"]],
      ["settle", "PayoutClearing", "SettlementBank", []],
    ]);
  });

  test("has a queue with its settings, a stream and an email channel", () => {
    const channels = project.appSpec.channels;
    expect(channels.map((c) => [c.name, c.kind, c.provider])).toEqual([
      ["payouts", "queue", "auto"],
      ["ledger_events", "stream", "auto"],
      ["receipts", "email", "auto"],
    ]);
    expect(channels[0]!.config.map((p) => [p.key, p.value])).toEqual([
      ["visibility_timeout", "5min"],
      ["max_retries", "5"],
    ]);
    expect(channels[0]!.receives.map((r) => r.name)).toEqual(["process_payout"]);
    expect(channels[1]!.sends.map((s) => s.name)).toEqual(["transfer_posted"]);
    expect(channels[2]!.config).toMatchObject([{ key: "from_address",
      value: "receipts@example.com" }]);
  });

  test("marks the KYC document's upload fields as needing object storage", () => {
    const kyc = project.appSpec.entities.find((e) => e.name === "KycDocument")!;
    const fileFields = kyc.fields.filter((f) => f.type.kind === "file");
    expect(fileFields.map((f) => [f.name, f.type, f.modifiers])).toEqual([
      ["scan", { kind: "file", base: "file" }, ["required"]],
      ["selfie", { kind: "file", base: "image" }, []],
    ]);
    const customerRef = kyc.fields.find((f) => f.name === "customer")!;
    expect(customerRef.type).toEqual({ kind: "ref", base: "ref", target: "Customer" });
  });

  test("reads field types, modifiers, defaults and entity-level properties", () => {
    const customer = project.appSpec.entities.find((e) => e.name === "Customer")!;
    const byName = new Map(customer.fields.map((f) => [f.name, f]));
    expect(byName.get("email")).toMatchObject({
      type: { kind: "scalar", base: "str", args: ["200"] },
      modifiers: ["unique", "required", "pii(category=contact)"],
    });
    expect(byName.get("status")).toMatchObject({
      type: { kind: "enum", values: ["active", "suspended", "closed"] },
      defaultValue: "active",
    });
    expect(byName.get("balance_cache")!.type).toEqual({ kind: "money", currency: "GBP" });
    expect(customer.properties?.map((p) => p.key)).toEqual(["intent"]);
    expect(customer.blocks.map((b) => b.key)).toEqual(["permit"]);
    const payout = project.appSpec.entities.find((e) => e.name === "Payout")!;
    expect(payout.fields.find((f) => f.name === "amount")!.type)
      .toEqual({ kind: "scalar", base: "decimal", args: ["12", "2"] });
    expect(payout.blocks[0]!.children.map((c) => c.value)).toEqual([
      "requested -> sent",
      "requested -> failed",
    ]);
  });

  test("turns the nightly cron schedule into a schedule and keeps messages as generic", () => {
    expect(project.appSpec.schedules).toMatchObject([{ keyword: "schedule",
      name: "nightly_reconciliation", expression: "0 2 * * *", form: "cron" }]);
    expect(project.appSpec.others.map((o) => [o.keyword, o.name])).toEqual([
      ["message", "PayoutRequested"],
      ["message", "TransferPosted"],
    ]);
  });

  test("is plain serialisable data", () => {
    expect(JSON.parse(JSON.stringify(project.appSpec))).toEqual(project.appSpec);
  });
});
