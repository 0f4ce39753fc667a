import type { Span } from "./span.ts";

/**
 * AppSpec: what the DSL says, as plain serialisable data (it prints as JSON in `plan --json`).
 *
 * Produced by `frontend/` (syntax tree → AppSpec), consumed by `plan/` (AppSpec →
 * InfraRequirements). No classes, no functions, no CDK types. Every node has a `span`.
 * Names of fields follow the DSL keywords (`account_code` → `accountCode`).
 */
export interface AppSpec {
  /** The `app name "Title":` declaration; absent when no file declares one. */
  readonly app?: AppDeclaration;
  /** One entry per parsed file, in path order. */
  readonly modules: readonly ModuleInfo[];
  readonly entities: readonly Entity[];
  readonly ledgers: readonly Ledger[];
  readonly transactions: readonly Transaction[];
  readonly channels: readonly Channel[];
  /** `schedule` constructs with a cron or interval: each becomes a schedule. */
  readonly schedules: readonly Schedule[];
  /** `job` constructs: deferred work, triggered by entity events or a schedule (or both). */
  readonly jobs: readonly Job[];
  /** `service` constructs: external APIs the app calls. */
  readonly services: readonly ExternalService[];
  readonly webhooks: readonly Webhook[];
  /** Every other top-level construct, kept structurally (surface, persona, story, ...). */
  readonly others: readonly GenericConstruct[];
}

export interface ModuleInfo {
  /** From `module a.b.c`; absent when the file has no module line. */
  readonly name?: string;
  readonly file: string;
  readonly uses: readonly {
    readonly module: string;
    readonly alias?: string;
    readonly span: Span;
  }[];
  readonly span: Span;
}

export interface AppDeclaration {
  /** Identifier after `app`: used to name stacks and AWS resources. */
  readonly name: string;
  readonly title?: string;
  readonly properties: readonly Property[];
  readonly span: Span;
}

/** A generic `key: value` line, with the value as written (trimmed source text). */
export interface Property {
  readonly key: string;
  readonly value: string;
  readonly span: Span;
}

/** Any construct kept structurally: the keyword, its name, title and raw body tree. */
export interface GenericConstruct {
  readonly keyword: string;
  readonly name?: string;
  readonly title?: string;
  readonly body: readonly GenericNode[];
  readonly span: Span;
}

/**
 * One line of a block body, generically: `key: value`, `key:` + nested block, `- item`,
 * or a free-form statement. `children` holds the nested block, if any.
 */
export interface GenericNode {
  readonly kind: "property" | "block" | "item" | "statement";
  /** For property/block: the key text (may contain spaces, e.g. `send task_assigned`). */
  readonly key?: string;
  /** The value or statement text, as written. */
  readonly value?: string;
  readonly children: readonly GenericNode[];
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Entities

export interface Entity {
  readonly name: string;
  readonly title?: string;
  readonly fields: readonly EntityField[];
  /** Sub-blocks such as `permit:`, `scope:`, `transitions:`: kept, not interpreted here. */
  readonly blocks: readonly GenericNode[];
  /**
   * Entity-level `key: value` lines that are not fields (`intent`, `domain`, `display_field`,
   * `invariant`, ...). Optional only so older fixtures stay valid; the front end always sets it.
   */
  readonly properties?: readonly Property[];
  readonly span: Span;
}

export interface EntityField {
  readonly name: string;
  readonly type: FieldType;
  /** Modifiers as written: `pk`, `required`, `unique`, `auto_add`, `pii(category=contact)`, ... */
  readonly modifiers: readonly string[];
  /** Default value after `=`, as written (e.g. `false`, `member`). */
  readonly defaultValue?: string;
  readonly span: Span;
}

/**
 * A field type, discriminated on `kind`. `base` is the keyword as written (`str`, `decimal`,
 * `file`, `image`, ...). Storage-bearing kinds are explicit so `plan/` never guesses by substring.
 */
export type FieldType =
  | { readonly kind: "scalar"; readonly base: string; readonly args: readonly string[] }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "ref"; readonly base: "ref" | "has_many" | "has_one" | "belongs_to" | string;
    readonly target: string;
    /** After `via`: a junction entity (`has_many`) or the target's field (`latest_one`). */
    readonly via?: string }
  /** `file`, `image`, `document`, ...: needs object storage. */
  | { readonly kind: "file"; readonly base: string }
  | { readonly kind: "money"; readonly currency?: string }
  | { readonly kind: "computed"; readonly expression: string };

// ---------------------------------------------------------------------------------------------
// Ledgers (TigerBeetle)

export type AccountType = "asset" | "liability" | "equity" | "revenue" | "expense";

export type LedgerFlag =
  | "debits_must_not_exceed_credits"
  | "credits_must_not_exceed_debits"
  | "linked"
  | "history";

export interface Ledger {
  readonly name: string;
  readonly label?: string;
  readonly intent?: string;
  /** TigerBeetle account `code`: 1–65535. */
  readonly accountCode: number;
  /** TigerBeetle `ledger`: a u32, 1–4294967295 (0 is invalid in TigerBeetle). */
  readonly ledgerId: number;
  readonly accountType: AccountType;
  /** ISO 4217, three upper-case letters. */
  readonly currency: string;
  readonly flags: readonly LedgerFlag[];
  readonly syncTo?: { readonly entity: string; readonly field: string; readonly trigger?: string;
    readonly span: Span };
  /** @default true (as in the original parser) */
  readonly tenantScoped: boolean;
  readonly metadataMapping: readonly Property[];
  readonly span: Span;
}

export interface Transaction {
  readonly name: string;
  readonly label?: string;
  readonly intent?: string;
  readonly execution: "sync" | "async";
  readonly priority?: string;
  /** From a duration literal, in milliseconds. */
  readonly timeoutMs?: number;
  readonly transfers: readonly Transfer[];
  readonly idempotencyKey?: string;
  readonly validation: readonly string[];
  readonly span: Span;
}

export interface Transfer {
  readonly name: string;
  /** Ledger construct name. */
  readonly debit: string;
  readonly credit: string;
  readonly amount: string;
  readonly code?: number;
  readonly flags: readonly string[];
  /** As written, a string's quotes removed (`pending_id: "p-1"` → `p-1`). */
  readonly pendingId?: string;
  /** The `user_data:` block's `key: value` lines, in order, values as written. */
  readonly userData?: readonly Property[];
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Channels, schedules, services, webhooks

export interface Channel {
  readonly name: string;
  readonly title?: string;
  readonly kind: "email" | "queue" | "stream";
  readonly provider?: string;
  /** `config:` entries as written. Known ones are interpreted by `plan/`. */
  readonly config: readonly Property[];
  readonly sends: readonly ChannelSend[];
  readonly receives: readonly { readonly name: string; readonly span: Span }[];
  readonly span: Span;
}

export interface ChannelSend {
  readonly name: string;
  /** `when: cron "0 9 * * *"` or `when: every 1h`: the send fires on a schedule (UTC). */
  readonly schedule?: ScheduleTiming;
  readonly span: Span;
}

/** When something runs: a cron expression or an interval, as written. */
export interface ScheduleTiming {
  /** A cron expression (5 or 6 fields) or a duration such as `24h`. */
  readonly expression: string;
  readonly form: "cron" | "rate";
  readonly span: Span;
}

export interface Schedule {
  /** Always `schedule` (jobs are `Job`s). */
  readonly keyword: string;
  readonly name: string;
  readonly title?: string;
  /** The schedule as written: a cron expression (5 or 6 fields) or a duration such as `24h`. */
  readonly expression: string;
  readonly form: "cron" | "rate";
  /** `timezone: "Europe/London"`: the IANA zone the cron is read in. Absent: UTC. */
  readonly timezone?: string;
  readonly span: Span;
}

/** `job name "Title":` (the original's job block). */
export interface Job {
  readonly name: string;
  readonly title?: string;
  /** `run:` the handler, as written (a path such as `scripts/daily_summary.py`). */
  readonly run?: string;
  /** `trigger:` lines, in order. */
  readonly triggers: readonly JobTrigger[];
  /** `schedule: cron("0 1 * * *")` (and `timezone:`). At least one trigger or a schedule. */
  readonly schedule?: {
    readonly cron: string;
    /** IANA zone the cron is read in; absent: UTC. */
    readonly timezone?: string;
    readonly span: Span;
  };
  /** Retries after a failed attempt: 0–20. @default 3 */
  readonly retry: number;
  /** Delay growth between attempts. @default "exponential" */
  readonly retryBackoff: "none" | "linear" | "exponential";
  /** `dead_letter:` the entity that records runs whose retries are exhausted. */
  readonly deadLetter?: string;
  /** Limit per attempt, in seconds: 1–86400. @default 60 */
  readonly timeoutSeconds: number;
  readonly span: Span;
}

/** `trigger: on_create Entity [when condition]` and its siblings. */
export interface JobTrigger {
  readonly event: "created" | "updated" | "deleted" | "field_changed";
  readonly entity: string;
  /** For `on_field_changed Entity.field`. */
  readonly field?: string;
  /** The `when` condition, as written (the app evaluates it). */
  readonly when?: string;
  readonly span: Span;
}

/** A construct read as its properties and body lines: `service` and `webhook`. */
interface PropertyConstruct {
  readonly name: string;
  readonly title?: string;
  readonly properties: readonly Property[];
  /** Every line of the body (blocks such as `input:` included), kept structurally. Optional only
   * so older fixtures stay valid; the front end always sets it. */
  readonly body?: readonly GenericNode[];
  readonly span: Span;
}

export type ExternalService = PropertyConstruct;

export type Webhook = PropertyConstruct;
