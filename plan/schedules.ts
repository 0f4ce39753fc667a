/**
 * What runs on a schedule: `schedule` constructs, channel sends with `when: cron "…"` or
 * `when: every …`, and jobs with `schedule: cron("…")`. Each becomes one EventBridge Scheduler
 * schedule in its time zone (an EventBridge rule cannot carry one: a `cron` read in UTC is an
 * hour off in London half the year). Invalid expressions are diagnostics on the construct.
 */
import type { AppSpec, ScheduleTiming } from "../ir/appspec.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { ScheduledRuleRequirement } from "../ir/infra-requirements.ts";
import type { Span } from "../ir/span.ts";
import { planCode } from "./codes.ts";
import { toEventBridgeCron } from "./cron.ts";
import { parseDurationSeconds, rateExpression } from "./duration.ts";
import { byName } from "./order.ts";

/** The zone a schedule is read in when the DSL names none (the original's default). */
const defaultTimeZone = "UTC";

export function planScheduledRules(
  appSpec: AppSpec,
  diagnostics: Diagnostic[],
): ScheduledRuleRequirement[] {
  const rules: (ScheduledRuleRequirement | undefined)[] = [];
  for (const schedule of appSpec.schedules) {
    rules.push(
      planRule({ name: schedule.name, keyword: "schedule", owner: `schedule ${schedule.name}`,
        timing: schedule, timezone: schedule.timezone ?? defaultTimeZone,
        message: { schedule: schedule.name }, target: { kind: "schedule-queue" },
        span: schedule.span }, diagnostics),
    );
  }
  for (const channel of appSpec.channels) {
    for (const send of channel.sends) {
      if (send.schedule === undefined) continue;
      rules.push(
        planRule({ name: `${channel.name}-${send.name}`, keyword: "send",
          owner: `send ${send.name} of channel ${channel.name}`, timing: send.schedule,
          timezone: defaultTimeZone, message: { channel: channel.name, send: send.name },
          target: { kind: "schedule-queue" }, span: send.span }, diagnostics),
      );
    }
  }
  for (const job of appSpec.jobs) {
    if (job.schedule === undefined) continue;
    rules.push(
      planRule({ name: `job-${job.name}`, keyword: "job", owner: `job ${job.name}`,
        timing: { expression: job.schedule.cron, form: "cron" },
        timezone: job.schedule.timezone ?? defaultTimeZone,
        message: { job: job.name, trigger: "schedule" },
        target: { kind: "job-queue", job: job.name }, span: job.schedule.span }, diagnostics),
    );
  }
  return rules.filter((rule): rule is ScheduledRuleRequirement => rule !== undefined)
    .sort(byName);
}

interface RuleInput {
  readonly name: string;
  readonly keyword: ScheduledRuleRequirement["keyword"];
  /** How diagnostics name it: `schedule nightly`, `send daily of channel digests`. */
  readonly owner: string;
  readonly timing: Pick<ScheduleTiming, "expression" | "form">;
  readonly timezone: string;
  readonly message: Readonly<Record<string, string>>;
  readonly target: ScheduledRuleRequirement["target"];
  readonly span: Span;
}

function planRule(input: RuleInput, diagnostics: Diagnostic[]):
  | ScheduledRuleRequirement
  | undefined {
  const expression = scheduleExpression(input, diagnostics);
  if (expression === undefined) return undefined;
  return { name: input.name, keyword: input.keyword, sourceExpression: input.timing.expression,
    scheduleExpression: expression, timezone: input.timezone, message: input.message,
    target: input.target, span: input.span };
}

function scheduleExpression(input: RuleInput, diagnostics: Diagnostic[]): string | undefined {
  const { timing, owner, span } = input;
  if (timing.form === "cron") {
    const result = toEventBridgeCron(timing.expression);
    if (result.ok) return result.expression;
    diagnostics.push({ ...planCode("plan/invalidCron"),
      message: `cron "${timing.expression}" of ${owner}: ${result.reason}`, span,
      hint: "five fields: minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\"" });
    return undefined;
  }
  const seconds = parseDurationSeconds(timing.expression);
  const expression = seconds === undefined ? undefined : rateExpression(seconds);
  if (expression) return expression;
  diagnostics.push({ ...planCode("plan/invalidRate"),
    message: `interval "${timing.expression}" of ${owner} must be a whole number of minutes, ` +
      "at least 1 minute", span, hint: "write it like `15m`, `6h` or `1d`" });
  return undefined;
}
