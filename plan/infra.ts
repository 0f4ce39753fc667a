/**
 * AppSpec → InfraRequirements: what the app needs, cloud-neutral. Pure; every user mistake is a
 * Diagnostic with the span of the construct that caused it. Decisions come from exact IR types
 * (entity field `kind`, channel `kind`), never from guessing at names.
 */
import type { AppSpec, Channel } from "../ir/appspec.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { EnvironmentVariableRequirement, InfraRequirements, LedgerClusterRequirement,
  ObjectStorageRequirement, QueueRequirement } from "../ir/infra-requirements.ts";
import { planCode } from "./codes.ts";
import { parseDurationSeconds } from "./duration.ts";
import { planJobs } from "./jobs.ts";
import { databaseIdentifier, environmentWord, resourceName } from "./names.ts";
import { byName, compareText } from "./order.ts";
import { planScheduledRules } from "./schedules.ts";
import { maxReceiveCountMax, visibilityTimeoutSecondsMax } from "./sqs-limits.ts";

/** SQS's own default visibility timeout, and a default of 3 retries. */
const visibilityTimeoutSecondsDefault = 30;
const maxRetriesDefault = 3;

/** Channel `config:` keys deployment interprets; other keys stay app-level settings. */
const queueConfigKeys = new Set(["visibility_timeout", "max_retries"]);

export function planInfra(
  appSpec: AppSpec,
  options: { readonly projectName: string },
  diagnostics: Diagnostic[],
): InfraRequirements {
  const app = planAppName(appSpec, options.projectName, diagnostics);
  const database = appSpec.entities.length === 0 ? undefined : {
    entities: appSpec.entities.map((entity) => entity.name).sort(compareText),
    databaseName: databaseIdentifier(app),
  };
  const objectStorage = planObjectStorage(appSpec);
  const queues = appSpec.channels.filter((channel) => channel.kind === "queue")
    .map((channel) => planQueue(channel, diagnostics)).sort(byChannel);
  const eventBuses = appSpec.channels.filter((channel) => channel.kind === "stream")
    .map((channel) => ({ channel: channel.name, span: channel.span })).sort(byChannel);
  const scheduledRules = planScheduledRules(appSpec, diagnostics);
  const jobs = planJobs(appSpec, diagnostics);
  const ledgerCluster = planLedgerCluster(appSpec);
  const partial = { database, objectStorage, queues, eventBuses, scheduledRules, jobs,
    ledgerCluster };
  return {
    app,
    ...(database ? { database } : {}),
    ...(objectStorage ? { objectStorage } : {}),
    queues,
    eventBuses,
    scheduledRules,
    jobs,
    ...(ledgerCluster ? { ledgerCluster } : {}),
    environmentVariables: planEnvironmentVariables(partial),
  };
}

function byChannel(a: { channel: string }, b: { channel: string }): number {
  return compareText(a.channel, b.channel);
}

function planAppName(appSpec: AppSpec, projectName: string, diagnostics: Diagnostic[]): string {
  const raw = appSpec.app?.name ?? projectName;
  const name = resourceName(raw);
  if (name !== undefined) return name;
  diagnostics.push({
    ...planCode("plan/invalidName"),
    message: `the app name "${raw}" cannot name AWS resources: it needs a letter first and at ` +
      "most 24 letters, digits or dashes",
    ...(appSpec.app ? { span: appSpec.app.span } : {}),
    hint: "rename the app (`app my_app \"Title\":`), or set [project] name in dazzle.toml",
  });
  return "app";
}

function planObjectStorage(appSpec: AppSpec): ObjectStorageRequirement | undefined {
  const fields = appSpec.entities.flatMap((entity) =>
    entity.fields.flatMap((field) =>
      field.type.kind === "file"
        ? [{ entity: entity.name, field: field.name, base: field.type.base, span: field.span }]
        : []
    )
  );
  if (fields.length === 0) return undefined;
  fields.sort((a, b) => compareText(a.entity, b.entity) || compareText(a.field, b.field));
  return { fields };
}

function planQueue(channel: Channel, diagnostics: Diagnostic[]): QueueRequirement {
  let visibilityTimeoutSeconds = visibilityTimeoutSecondsDefault;
  let maxRetries = maxRetriesDefault;
  for (const property of channel.config) {
    if (property.key === "visibility_timeout") {
      const seconds = parseDurationSeconds(property.value);
      if (seconds === undefined || seconds > visibilityTimeoutSecondsMax) {
        diagnostics.push({ ...planCode("plan/invalidChannelConfig"),
          message: `visibility_timeout "${property.value}" must be a duration from 0s to 12h`,
          span: property.span, hint: "write it like `30s`, `5min` or `2h`" });
      } else visibilityTimeoutSeconds = seconds;
    } else if (property.key === "max_retries") {
      const retries = /^\d{1,4}$/.test(property.value) ? Number(property.value) : NaN;
      if (!(retries >= 0 && retries < maxReceiveCountMax)) {
        diagnostics.push({ ...planCode("plan/invalidChannelConfig"),
          message: `max_retries "${property.value}" must be a whole number from 0 to ${
            maxReceiveCountMax - 1
          }`, span: property.span });
      } else maxRetries = retries;
    } else if (!queueConfigKeys.has(property.key)) {
      diagnostics.push({ ...planCode("plan/ignoredChannelConfig"),
        message: `channel config "${property.key}" is not used by deployment (the app reads it)`,
        span: property.span });
    }
  }
  // The first delivery is not a retry: n retries allow n + 1 receives before dead-lettering.
  return { channel: channel.name, visibilityTimeoutSeconds, maxReceiveCount: maxRetries + 1,
    span: channel.span };
}

function planLedgerCluster(appSpec: AppSpec): LedgerClusterRequirement | undefined {
  if (appSpec.ledgers.length === 0) return undefined;
  const ledgers = appSpec.ledgers
    .map((ledger) => ({ name: ledger.name, ledgerId: ledger.ledgerId,
      accountCode: ledger.accountCode, currency: ledger.currency })
    )
    .sort(byName);
  const ledgerIds = [...new Set(ledgers.map((ledger) => ledger.ledgerId))].sort((a, b) => a - b);
  const currencies = [...new Set(ledgers.map((ledger) => ledger.currency))].sort(compareText);
  return { ledgers, ledgerIds, currencies };
}

type PlannedParts = Pick<InfraRequirements,
  "database" | "objectStorage" | "queues" | "eventBuses" | "scheduledRules" | "jobs"
    | "ledgerCluster">;

function planEnvironmentVariables(parts: PlannedParts): EnvironmentVariableRequirement[] {
  const variables: EnvironmentVariableRequirement[] = [
    { name: "APP_ENV", source: "environment", description: "dev, staging or prod", secret: false },
  ];
  if (parts.database) {
    for (const field of ["HOST", "PORT", "NAME", "USER", "PASSWORD"]) {
      variables.push({ name: `DATABASE_${field}`, source: "database", secret: true,
        description: `PostgreSQL ${field.toLowerCase()}, from the generated credentials secret` });
    }
  }
  for (const queue of parts.queues) {
    variables.push({ name: queueVariable(queue.channel), source: "queue", secret: false,
      description: `SQS queue URL of channel ${queue.channel}` });
  }
  if (parts.scheduledRules.some((rule) => rule.target.kind === "schedule-queue")) {
    variables.push({ name: scheduleQueueVariable, source: "queue", secret: false,
      description: "SQS queue URL receiving each schedule's message (docs/plan.md)" });
  }
  for (const job of parts.jobs) {
    variables.push({ name: jobQueueVariable(job.name), source: "queue", secret: false,
      description: `SQS queue URL of job ${job.name}` });
  }
  for (const bus of parts.eventBuses) {
    variables.push({ name: eventBusVariable(bus.channel), source: "event-bus", secret: false,
      description: `EventBridge bus name of stream ${bus.channel}` });
  }
  if (parts.objectStorage) {
    variables.push({ name: bucketVariable, source: "object-storage", secret: false,
      description: "S3 bucket name for file fields" });
  }
  if (parts.ledgerCluster) {
    variables.push(
      { name: "TIGERBEETLE_ADDRESSES", source: "ledger-cluster", secret: false,
        description: "ordered replica addresses ip:port,... (entry i = replica i)" },
      { name: "TIGERBEETLE_CLUSTER_ID", source: "ledger-cluster", secret: false,
        description: "TigerBeetle cluster id (decimal u128)" },
    );
  }
  return variables.sort(byName);
}

export const bucketVariable = "STORAGE_BUCKET_NAME";
export const scheduleQueueVariable = "SCHEDULE_QUEUE_URL";

export function queueVariable(channel: string): string {
  return `QUEUE_${environmentWord(channel)}_URL`;
}

export function jobQueueVariable(job: string): string {
  return `JOB_${environmentWord(job)}_QUEUE_URL`;
}

export function eventBusVariable(channel: string): string {
  return `EVENT_BUS_${environmentWord(channel)}_NAME`;
}
