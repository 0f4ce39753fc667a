import type { Span } from "./span.ts";

/**
 * InfraRequirements: what the application needs from any cloud, derived from the AppSpec only
 * (no dazzle.toml, no AWS names). Produced by `plan/infra.ts`, consumed by `plan/aws.ts`.
 * Plain serialisable data; arrays are in a stable order (sorted by name) so the same DSL always
 * gives byte-identical JSON.
 */
export interface InfraRequirements {
  /** Application name used for every resource name: lower-case `[a-z0-9-]`, 1–32 characters. */
  readonly app: string;
  /** Present when the DSL declares at least one entity: a relational database. */
  readonly database?: DatabaseRequirement;
  /** Present when any entity has a `file`-kind field (file, image, document, ...). */
  readonly objectStorage?: ObjectStorageRequirement;
  /** One per `channel kind: queue`, sorted by channel name. */
  readonly queues: readonly QueueRequirement[];
  /** One per `channel kind: stream`, sorted by channel name. */
  readonly eventBuses: readonly EventBusRequirement[];
  /** One per `schedule`, scheduled channel send and scheduled `job`, sorted by name. */
  readonly scheduledRules: readonly ScheduledRuleRequirement[];
  /** One per `job`, sorted by name: each gets its own queue. */
  readonly jobs: readonly JobRequirement[];
  /** Present when the DSL declares at least one `ledger`: a TigerBeetle cluster. */
  readonly ledgerCluster?: LedgerClusterRequirement;
  /** Environment variables the running app reads, sorted by name. */
  readonly environmentVariables: readonly EnvironmentVariableRequirement[];
}

export interface DatabaseRequirement {
  /** Entity names, sorted: the tables the app will create. */
  readonly entities: readonly string[];
  /** Database name inside the cluster: `[a-z][a-z0-9_]*`, from the app name. */
  readonly databaseName: string;
}

export interface ObjectStorageRequirement {
  /** Every file-kind field, sorted by entity then field. */
  readonly fields: readonly {
    readonly entity: string;
    readonly field: string;
    /** The DSL type keyword (`file`, `image`, ...). */
    readonly base: string;
    readonly span: Span;
  }[];
}

export interface QueueRequirement {
  /** Channel name as written in the DSL. */
  readonly channel: string;
  /**
   * Seconds a received message stays invisible to other consumers: 0–43200.
   * From `config: visibility_timeout` (a duration). @default 30
   */
  readonly visibilityTimeoutSeconds: number;
  /**
   * Receives before a message moves to the dead-letter queue: `max_retries` + 1 (the first
   * delivery is not a retry), 1–1000. @default 4 (3 retries)
   */
  readonly maxReceiveCount: number;
  readonly span: Span;
}

export interface EventBusRequirement {
  readonly channel: string;
  readonly span: Span;
}

export interface ScheduledRuleRequirement {
  /**
   * Unique among scheduled rules: the schedule's name, `<channel>-<send>` for a channel send,
   * `job-<job>` for a job.
   */
  readonly name: string;
  /** What declared it: `schedule`, `send` (a channel send) or `job`. */
  readonly keyword: "schedule" | "send" | "job";
  /** The expression as written in the DSL (`0 2 * * *`, `24h`). */
  readonly sourceExpression: string;
  /** EventBridge schedule expression: `cron(m h dom mon dow year)` or `rate(n unit)`. */
  readonly scheduleExpression: string;
  /** IANA time zone the expression is read in (`UTC` unless the DSL says otherwise). */
  readonly timezone: string;
  /**
   * The message delivered each time, as JSON keys and values: `{"schedule": name}`,
   * `{"channel": c, "send": s}` or `{"job": name, "trigger": "schedule"}`.
   */
  readonly message: Readonly<Record<string, string>>;
  /** Where it is delivered: the one schedule queue, or the job's own queue. */
  readonly target:
    | { readonly kind: "schedule-queue" }
    | { readonly kind: "job-queue"; readonly job: string };
  readonly span: Span;
}

export interface JobRequirement {
  readonly name: string;
  /** Retries after a failed attempt (0–20): the queue dead-letters after retry + 1 receives. */
  readonly retry: number;
  readonly retryBackoff: "none" | "linear" | "exponential";
  /** Limit of one attempt, seconds. */
  readonly timeoutSeconds: number;
  /** Seconds a received message stays hidden: the timeout plus a margin to delete it. */
  readonly visibilityTimeoutSeconds: number;
  /** retry + 1. */
  readonly maxReceiveCount: number;
  /** Entity recording runs whose retries are exhausted (`dead_letter:`), if any. */
  readonly deadLetterEntity?: string;
  /** The entity events that enqueue it (the app sends those messages). */
  readonly triggers: readonly { readonly event: string; readonly entity: string;
    readonly field?: string; readonly when?: string }[];
  /** True when a schedule enqueues it too (its rule is in `scheduledRules`). */
  readonly scheduled: boolean;
  /** `run:` the handler, as written. */
  readonly run?: string;
  readonly span: Span;
}

export interface LedgerClusterRequirement {
  /** Every ledger, sorted by name. */
  readonly ledgers: readonly {
    readonly name: string;
    readonly ledgerId: number;
    readonly accountCode: number;
    readonly currency: string;
  }[];
  /** Distinct TigerBeetle ledger ids, ascending. */
  readonly ledgerIds: readonly number[];
  /** Distinct ISO 4217 currencies, sorted. */
  readonly currencies: readonly string[];
}

/** Where the value of an environment variable comes from at deploy time. */
export type EnvironmentVariableSource =
  | "environment"
  | "database"
  | "queue"
  | "event-bus"
  | "object-storage"
  | "ledger-cluster";

export interface EnvironmentVariableRequirement {
  /** `[A-Z][A-Z0-9_]*`. */
  readonly name: string;
  readonly source: EnvironmentVariableSource;
  /** One line for `deploy plan`: what the app finds in it. */
  readonly description: string;
  /** True when the value is sensitive and must reach the task as a secret, never a literal. */
  readonly secret: boolean;
}
