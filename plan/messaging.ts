/**
 * Messaging plan: queue and bus names, the schedules (EventBridge Scheduler) and the queues they
 * deliver to: the schedule queue for schedules and scheduled sends, each job's own queue.
 */
import type { Environment } from "../ir/deploy-config.ts";
import type { InfraRequirements } from "../ir/infra-requirements.ts";
import type { JobQueueSpec, MessagingSpec, QueueSpec } from "../ir/aws-requirements.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Span } from "../ir/span.ts";
import { planCode } from "./codes.ts";
import { eventBusVariable, jobQueueVariable, queueVariable,
  scheduleQueueVariable } from "./infra.ts";
import { resourceName } from "./names.ts";

/** SQS's longest retention: dead letters wait 14 days for someone to look at them. */
const deadLetterRetentionSeconds = 14 * 24 * 3600;
const queueNameLengthMax = 80;
/** EventBridge Scheduler schedule names: at most 64 characters. */
const scheduleNameLengthMax = 64;
/** Visibility timeout of the schedule queue: a handler gets 5 minutes before a redelivery. */
const scheduleVisibilityTimeoutSeconds = 300;

export function planMessaging(
  infra: InfraRequirements,
  environment: Environment,
  diagnostics: Diagnostic[],
): MessagingSpec {
  const prefix = `${infra.app}-${environment}`;
  const names = new NameRegistry(diagnostics);
  const queues = infra.queues.map((queue) => {
    const name = names.claim(prefix, queue.channel, queue.span, queueNameLengthMax - 4);
    return queueSpec(queue.channel, name, queue.visibilityTimeoutSeconds, queue.maxReceiveCount,
      queueVariable(queue.channel), environment);
  });
  const eventBuses = infra.eventBuses.map((bus) => ({
    channel: bus.channel,
    eventBusName: names.claim(prefix, bus.channel, bus.span, 256),
    environmentVariable: eventBusVariable(bus.channel),
  }));
  const scheduleNames = new NameRegistry(diagnostics);
  const schedules = infra.scheduledRules.map((rule) => ({
    name: rule.name,
    keyword: rule.keyword,
    description: rule.target.kind === "job-queue" ?
      `job ${rule.target.job}`
      : rule.keyword === "send" ?
      `send ${rule.message["send"]} of channel ${rule.message["channel"]}` :
      `schedule ${rule.name}`,
    scheduleName: scheduleNames.claim(prefix, rule.name, rule.span, scheduleNameLengthMax),
    scheduleExpression: rule.scheduleExpression,
    timezone: rule.timezone,
    input: JSON.stringify(rule.message),
    target: rule.target,
  }));
  const scheduleQueue = !schedules.some((schedule) => schedule.target.kind === "schedule-queue")
    ? undefined :
    queueSpec("schedules", names.claim(prefix, "schedules", undefined, queueNameLengthMax - 4),
      scheduleVisibilityTimeoutSeconds, 4, scheduleQueueVariable, environment);
  const jobs = infra.jobs.map((job): JobQueueSpec => ({
    job: job.name,
    queue: queueSpec(`job-${job.name}`,
      names.claim(prefix, `job-${job.name}`, job.span, queueNameLengthMax - 4),
      job.visibilityTimeoutSeconds, job.maxReceiveCount, jobQueueVariable(job.name), environment),
    retry: job.retry,
    retryBackoff: job.retryBackoff,
    timeoutSeconds: job.timeoutSeconds,
    ...(job.deadLetterEntity !== undefined ? { deadLetterEntity: job.deadLetterEntity } : {}),
    triggers: job.triggers.map((trigger) =>
      `${triggerWord[trigger.event] ?? trigger.event} ${trigger.entity}${
        trigger.field !== undefined ? `.${trigger.field}` : ""
      }${trigger.when !== undefined ? ` when ${trigger.when}` : ""}`
    ),
  }));
  return { queues, eventBuses, schedules, ...(scheduleQueue ? { scheduleQueue } : {}), jobs };
}

/** A trigger's event, as the DSL writes it. */
const triggerWord: Readonly<Record<string, string>> = {
  created: "on_create",
  updated: "on_update",
  deleted: "on_delete",
  field_changed: "on_field_changed",
};

function queueSpec(channel: string, queueName: string, visibilityTimeoutSeconds: number,
  maxReceiveCount: number, environmentVariable: string, environment: Environment): QueueSpec {
  return { channel, queueName, deadLetterQueueName: `${queueName}-dlq`, visibilityTimeoutSeconds,
    maxReceiveCount, deadLetterRetentionSeconds, environmentVariable,
    removalPolicy: environment === "prod" ? "retain" : "destroy" };
}

/** Resource names must be unique within the app: `a_b` and `a-b` would both be `a-b`. */
class NameRegistry {
  private readonly claimed = new Set<string>();
  constructor(private readonly diagnostics: Diagnostic[]) {}

  claim(prefix: string, raw: string, span: Span | undefined, lengthMax: number): string {
    const suffix = resourceName(raw, lengthMax) ?? raw.toLowerCase();
    const name = `${prefix}-${suffix}`;
    const where = span ? { span } : {};
    if (this.claimed.has(name)) {
      this.diagnostics.push({ ...planCode("plan/duplicateResourceName"),
        message: `"${raw}" gives the AWS name "${name}", already used by another channel or ` +
          "schedule", ...where, hint: "rename one of them" });
    }
    if (name.length > lengthMax || !/^[a-z0-9-]+$/.test(suffix)) {
      this.diagnostics.push({ ...planCode("plan/invalidName"),
        message: `"${raw}" gives the AWS name "${name}", which must be at most ${lengthMax} ` +
          "letters, digits or dashes", ...where, hint: "use a shorter name" });
    }
    this.claimed.add(name);
    return name;
  }
}
