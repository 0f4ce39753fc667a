/**
 * Messaging plan: queue and bus names, schedule rules and the queue they deliver to.
 */
import type { Environment } from "../ir/deploy-config.ts";
import type { InfraRequirements } from "../ir/infra-requirements.ts";
import type { MessagingSpec, QueueSpec } from "../ir/aws-requirements.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Span } from "../ir/span.ts";
import { planCode } from "./codes.ts";
import { eventBusVariable, queueVariable, scheduleQueueVariable } from "./infra.ts";
import { resourceName } from "./names.ts";

/** SQS's longest retention: dead letters wait 14 days for someone to look at them. */
const deadLetterRetentionSeconds = 14 * 24 * 3600;
const queueNameLengthMax = 80;
const ruleNameLengthMax = 64;
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
  const schedules = infra.scheduledRules.map((rule) => ({
    name: rule.name,
    ruleName: names.claim(prefix, rule.name, rule.span, ruleNameLengthMax),
    scheduleExpression: rule.scheduleExpression,
  }));
  const scheduleQueue = schedules.length === 0 ? undefined : queueSpec("schedules",
    names.claim(prefix, "schedules", undefined, queueNameLengthMax - 4),
    scheduleVisibilityTimeoutSeconds, 4, scheduleQueueVariable, environment);
  return { queues, eventBuses, schedules, ...(scheduleQueue ? { scheduleQueue } : {}) };
}

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
