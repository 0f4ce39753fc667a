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
    syncTo: { entity: "Customer", field: "balance", trigger: "scheduled \"0 * * * *\"" } });
  const [charge] = loaded.appSpec.transactions;
  expect(charge).toMatchObject({ intent: "Charge a customer", execution: "async",
    timeoutMs: 5000 });
  expect(charge!.transfers.map((t) => t.flags)).toEqual([["pending", "linked"], ["post_pending"]]);
  expect(loaded.appSpec.channels[0]!.kind).toBe("email");
});

/** The snippets of issue 15, in the original's own forms. */
const issueSnippets = `entity Manuscript "Manuscript":
  id: uuid pk
  title: str(200) required
  source_pdf: file
  status: enum[draft,done] = draft
  price: money(usd)
  managed_by: external
  expose: list, read
  signable: true
  subtype_of: Document

entity Document "Document":
  id: uuid pk

entity ManuscriptDeadLetter "Dead letters":
  id: uuid pk

job thumbnail_render "Generate thumbnail":
  trigger: on_create Manuscript when source_pdf is_set
  run: scripts/render_thumbnail.py
  retry: 3
  retry_backoff: exponential
  dead_letter: ManuscriptDeadLetter
  timeout: 60s

job daily_summary "Daily metrics roll-up":
  schedule: cron("0 1 * * *")
  run: scripts/daily_summary.py
  timeout: 5m

job status_watch:
  trigger: on_field_changed Manuscript.status when status == "done"
  trigger: on_delete Manuscript
  schedule: cron("30 2 * * *")
  timezone: "Europe/London"
  retry: 0
  retry_backoff: none
  timeout: 900

channel digests "Digests":
  kind: email
  send daily:
    message: Digest
    when: cron "0 9 * * *"
  send hourly:
    when: every 1h
  send welcome:
    when: entity Manuscript created

schedule daily_report "Daily Report":
  cron: "0 8 * * *"
  timezone: "Europe/London"

ledger Wallet:
  account_code: 1
  ledger_id: 1
  account_type: asset
  currency: GBP

ledger Revenue:
  account_code: 2
  ledger_id: 1
  account_type: revenue
  currency: GBP
  tenant_scoped: false

transaction Pay:
  transfer t:
    debit: Wallet
    credit: Revenue
    amount: event.amount
    pending_id: "p-1"
    user_data:
      order_id: order.id
      note: "first order"
  idempotency_key: event.id
`;

test("issue 15's valid snippets: jobs, scheduled sends, time zones, defaults as the original",
  async () => {
    const loaded = await loadSources([{ path: "dsl/app.dsl", text: issueSnippets }]);
    expect(loaded.diagnostics.map((d) => `${d.span?.line}: ${d.code} ${d.message}`)).toEqual([
      "6: value/currencyNotUpperCase field 'price' of entity 'Manuscript': currency 'usd' is " +
      "read as 'USD'",
    ]);
    const spec = JSON.parse(
      JSON.stringify(loaded.appSpec, (key, value) => key === "span" ? undefined : value),
    );
    const manuscript = spec.entities[0];
    // Directives are not columns; `title: str(200)` is one.
    expect(manuscript.fields.map((f: { name: string }) => f.name)).toEqual(["id", "title",
      "source_pdf", "status", "price"]);
    expect(manuscript.fields[4].type).toEqual({ kind: "money", currency: "USD" });
    expect(manuscript.properties).toEqual([{ key: "managed_by", value: "external" }, {
      key: "expose",
      value: "list, read",
    }, { key: "signable", value: "true" }, { key: "subtype_of", value: "Document" }]);
    expect(spec.jobs).toEqual([
      { name: "thumbnail_render", title: "Generate thumbnail", run: "scripts/render_thumbnail.py",
        triggers: [{ event: "created", entity: "Manuscript", when: "source_pdf is_set" }], retry: 3,
        retryBackoff: "exponential", deadLetter: "ManuscriptDeadLetter", timeoutSeconds: 60 },
      { name: "daily_summary", title: "Daily metrics roll-up", run: "scripts/daily_summary.py",
        triggers: [], schedule: { cron: "0 1 * * *" }, retry: 3, retryBackoff: "exponential",
        timeoutSeconds: 300 },
      { name: "status_watch", triggers: [
        { event: "field_changed", entity: "Manuscript", field: "status",
          when: "status == \"done\"" },
        { event: "deleted", entity: "Manuscript" },
      ], schedule: { cron: "30 2 * * *", timezone: "Europe/London" }, retry: 0,
        retryBackoff: "none", timeoutSeconds: 900 },
    ]);
    expect(spec.channels[0].sends).toEqual([
      { name: "daily", schedule: { expression: "0 9 * * *", form: "cron" } },
      { name: "hourly", schedule: { expression: "1h", form: "rate" } },
      { name: "welcome" },
    ]);
    expect(spec.schedules).toEqual([{ keyword: "schedule", name: "daily_report",
      title: "Daily Report", timezone: "Europe/London", expression: "0 8 * * *", form: "cron" }]);
    expect(spec.ledgers.map((l: { tenantScoped: boolean }) => l.tenantScoped))
      .toEqual([true, false]);
    expect(spec.transactions[0].transfers[0]).toMatchObject({ pendingId: "p-1",
      userData: [{ key: "order_id", value: "order.id" }, { key: "note", value: "first order" }] });
  });

test("a job's trigger and reference mistakes are reported where they are", async () => {
  const loaded = await loadSources([{ path: "a.dsl", text: "entity M \"M\":\n  id: uuid pk\n" +
    "job j:\n  trigger: on_field_changed M status\n  dead_letter: Missing\n" +
    "job k:\n  trigger: on_craete M\n  timeout: 5min\n" }]);
  expect(loaded.diagnostics.map((d) => [d.span?.line, d.code, d.message, d.hint])).toEqual([
    [4, "value/malformed", "'on_field_changed' needs the field after a dot: " +
      "'on_field_changed M.status'", undefined],
    [5, "ref/unknownEntity", "job 'j' (dead_letter) refers to entity 'Missing', which is not " +
      "declared", undefined],
    [7, "value/malformed", "'trigger' must be an entity event such as 'on_create Order' or " +
      "'on_field_changed Order.status', found 'on_craete M'", "did you mean 'on_create'?"],
    [8, "value/invalidDuration", "a job's 'timeout' must be a duration with s, m, h or d " +
      "(60s, 5m, 1h) or whole seconds, found '5min'", undefined],
  ]);
});

/** Field types the original's later examples use: slugs, temporal look-ups, junctions. */
const relationshipForms = `entity Workspace "Workspace":
  id: uuid pk
  slug: slug required
  name: str(120) required
  tenant_host:
    domain: example.test
    slug_field: slug

entity Person "Person":
  id: uuid pk
  started_at: date required
  ended_at: date
  temporal:
    start_field: started_at
    end_field: ended_at
    key_field: id
  current_employment: latest_one Employment via person
  tags: has_many Tag via PersonTag
  profile: has_one Profile cascade

entity Employment "Employment":
  id: uuid pk
  person: ref Person required

entity Tag "Tag":
  id: uuid pk

entity PersonTag "Person tag":
  person: ref Person
  tag: ref Tag

entity Profile "Profile":
  id: uuid pk
`;

test("slug, latest_one … via and has_many … via load clean and keep their links", async () => {
  const loaded = await loadSources([{ path: "dsl/app.dsl", text: relationshipForms }]);
  expect(loaded.diagnostics).toEqual([]);
  const fields = new Map(
    loaded.appSpec.entities.flatMap((entity) =>
      entity.fields.map((field) => [`${entity.name}.${field.name}`, field])
    ),
  );
  expect(fields.get("Workspace.slug")).toMatchObject({
    type: { kind: "scalar", base: "slug", args: [] },
    modifiers: ["required"],
  });
  expect(fields.get("Person.current_employment")!.type).toEqual({ kind: "ref", base: "latest_one",
    target: "Employment", via: "person" });
  expect(fields.get("Person.tags")!.type).toEqual({ kind: "ref", base: "has_many", target: "Tag",
    via: "PersonTag" });
  expect(fields.get("Person.profile")).toMatchObject({
    type: { kind: "ref", base: "has_one", target: "Profile" },
    modifiers: ["cascade"],
  });
  // The directives are not fields.
  expect(fields.has("Workspace.tenant_host")).toBe(false);
  expect(fields.has("Person.temporal")).toBe(false);
});

test("a latest_one without its link, or through a field the target lacks, is an error",
  async () => {
    const withoutLink = relationshipForms.replace("Employment via person", "Employment")
      .replace("has_many Tag via PersonTag", "has_many Tag via PersonTags");
    const unknownLink = relationshipForms.replace("via person", "via persn");
    const found = async (text: string) =>
      (await loadSources([{ path: "dsl/app.dsl", text }])).diagnostics
        .map((d) => [d.code, d.span?.line, d.span?.column, d.message, d.hint]);
    expect(await found(withoutLink)).toEqual([
      ["value/malformed", 17, 34, "field 'current_employment' of entity 'Person': latest_one " +
        "Employment needs 'via' and the field of Employment that points back, as in latest_one " +
        "Employment via person", undefined],
      ["ref/unknownEntity", 18, 26, "field 'tags' of entity 'Person' refers to entity " +
        "'PersonTags', which is not declared", "did you mean 'PersonTag'?"],
    ]);
    expect(await found(unknownLink)).toEqual([
      ["ref/unknownField", 17, 49, "entity 'Employment' has no field 'persn' (used by field " +
        "'current_employment' of entity 'Person')", "did you mean 'person'?"],
    ]);
  });

test("an unknown type far from every type lists them all, as they are written", async () => {
  const loaded = await loadSources([{ path: "a.dsl",
    text: "entity C \"C\":\n  id: uuid pk\n  shape: zzzzzz\n" }]);
  const [diagnostic] = loaded.diagnostics;
  expect(diagnostic?.code).toBe("field/unknownType");
  expect(diagnostic?.hint).toBe("types: str(N), text, int, decimal(P,S), float, bool, date, " +
    "datetime, uuid, email, json, url, timezone, slug, ref Entity, has_many Entity, " +
    "has_one Entity, belongs_to Entity, many_to_many Entity, embeds Entity, " +
    "latest_one Entity via field, file, image, document, attachment, video, audio, " +
    "enum[a,b,c], money(GBP), computed expression");
});

test("story ids are whole names; repeated subscriptions to one topic are not duplicates",
  async () => {
    const loaded = await loadSources([{ path: "a.dsl", text: `story ST-001 "First":
  given: x
story ST-002 "Second":
  given: y
subscribe task_events as overdue_tracker:
  on: created
subscribe task_events as audit_trail:
  on: created
surface task_list "Tasks":
  mode: list
` }]);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.appSpec.others.map((other) => `${other.keyword} ${other.name}`)).toEqual([
      "story ST-001",
      "story ST-002",
      "subscribe task_events",
      "subscribe task_events",
      "surface task_list",
    ]);
  });
