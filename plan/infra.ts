/**
 * AppSpec → InfraRequirements: what the app needs, cloud-neutral. Pure; every user mistake is a
 * Diagnostic with the span of the construct that caused it. Decisions come from exact IR types
 * (entity field `kind`, channel `kind`), never from guessing at names.
 */
import type { AppSpec, Channel, Schedule } from "../ir/appspec.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type {
  EnvironmentVariableRequirement, InfraRequirements, LedgerClusterRequirement,
  ObjectStorageRequirement, QueueRequirement, ScheduledRuleRequirement,
} from "../ir/infra-requirements.ts";
import { planCode } from "./codes.ts";
import { toEventBridgeCron } from "./cron.ts";
import { parseDurationSeconds, rateExpression } from "./duration.ts";
import { databaseIdentifier, environmentWord, resourceName } from "./names.ts";
import { byName, compareText } from "./order.ts";

/** SQS limits (SQS developer guide, quotas). */
const visibilityTimeoutSecondsMax = 43200;
const maxReceiveCountMax = 1000;
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
  const scheduledRules = appSpec.schedules
    .map((schedule) => planSchedule(schedule, diagnostics))
    .filter((rule): rule is ScheduledRuleRequirement => rule !== undefined).sort(byName);
  const ledgerCluster = planLedgerCluster(appSpec);
  const partial = { database, objectStorage, queues, eventBuses, scheduledRules, ledgerCluster };
  return {
    app,
    ...(database ? { database } : {}),
    ...(objectStorage ? { objectStorage } : {}),
    queues,
    eventBuses,
    scheduledRules,
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
  const fields = appSpec.entities.flatMap((entity) => entity.fields.flatMap((field) =>
    field.type.kind === "file"
      ? [{ entity: entity.name, field: field.name, base: field.type.base, span: field.span }]
      : []));
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
            maxReceiveCountMax - 1}`, span: property.span });
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

function planSchedule(
  schedule: Schedule,
  diagnostics: Diagnostic[],
): ScheduledRuleRequirement | undefined {
  const base = { name: schedule.name, keyword: schedule.keyword,
    sourceExpression: schedule.expression, span: schedule.span };
  if (schedule.form === "cron") {
    const result = toEventBridgeCron(schedule.expression);
    if (result.ok) return { ...base, scheduleExpression: result.expression };
    diagnostics.push({ ...planCode("plan/invalidCron"),
      message: `cron "${schedule.expression}" of ${schedule.keyword} ${schedule.name}: ${
        result.reason}`, span: schedule.span,
      hint: "five fields: minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\"" });
    return undefined;
  }
  const seconds = parseDurationSeconds(schedule.expression);
  const expression = seconds === undefined ? undefined : rateExpression(seconds);
  if (expression) return { ...base, scheduleExpression: expression };
  diagnostics.push({ ...planCode("plan/invalidRate"),
    message: `interval "${schedule.expression}" of ${schedule.keyword} ${schedule.name} must be ` +
      "a whole number of minutes, at least 1 minute", span: schedule.span,
    hint: "write it like `15m`, `6h` or `1d`" });
  return undefined;
}

function planLedgerCluster(appSpec: AppSpec): LedgerClusterRequirement | undefined {
  if (appSpec.ledgers.length === 0) return undefined;
  const ledgers = appSpec.ledgers
    .map((ledger) => ({ name: ledger.name, ledgerId: ledger.ledgerId,
      accountCode: ledger.accountCode, currency: ledger.currency }))
    .sort(byName);
  const ledgerIds = [...new Set(ledgers.map((ledger) => ledger.ledgerId))].sort((a, b) => a - b);
  const currencies = [...new Set(ledgers.map((ledger) => ledger.currency))].sort(compareText);
  return { ledgers, ledgerIds, currencies };
}

type PlannedParts = Pick<InfraRequirements, "database" | "objectStorage" | "queues" |
  "eventBuses" | "scheduledRules" | "ledgerCluster">;

function planEnvironmentVariables(parts: PlannedParts): EnvironmentVariableRequirement[] {
  const variables: EnvironmentVariableRequirement[] = [
    { name: "APP_ENV", source: "environment", description: "dev, staging or prod",
      secret: false },
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
  if (parts.scheduledRules.length > 0) {
    variables.push({ name: scheduleQueueVariable, source: "queue", secret: false,
      description: "SQS queue URL receiving {\"schedule\": name} at each scheduled time" });
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

export function eventBusVariable(channel: string): string {
  return `EVENT_BUS_${environmentWord(channel)}_NAME`;
}
