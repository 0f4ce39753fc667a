/**
 * Jobs → what they need to run: a queue of their own whose messages stay hidden while an attempt
 * runs (the job's timeout plus a margin) and go to a dead-letter queue after `retry` + 1
 * receives. Triggered jobs are enqueued by the app on its entity events; scheduled ones by their
 * schedule (plan/schedules.ts). The backoff between attempts is the worker's to apply (SQS has
 * no per-message backoff); docs/plan.md documents the contract.
 */
import type { AppSpec, Job } from "../ir/appspec.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { JobRequirement } from "../ir/infra-requirements.ts";
import { planCode } from "./codes.ts";
import { visibilityTimeoutSecondsMax } from "./sqs-limits.ts";
import { byName } from "./order.ts";

/** Time a worker has after an attempt's timeout to delete (or release) the message. */
const jobVisibilityMarginSeconds = 30;

export function planJobs(appSpec: AppSpec, diagnostics: Diagnostic[]): JobRequirement[] {
  return appSpec.jobs.map((job) => planJob(job, diagnostics))
    .filter((job): job is JobRequirement => job !== undefined).sort(byName);
}

function planJob(job: Job, diagnostics: Diagnostic[]): JobRequirement | undefined {
  const visibilityTimeoutSeconds = job.timeoutSeconds + jobVisibilityMarginSeconds;
  if (visibilityTimeoutSeconds > visibilityTimeoutSecondsMax) {
    diagnostics.push({ ...planCode("plan/invalidJob"),
      message: `job ${job.name}: a timeout of ${job.timeoutSeconds} s is longer than SQS can ` +
        `keep a message hidden (${visibilityTimeoutSecondsMax - jobVisibilityMarginSeconds} s ` +
        "with the margin to delete it), so a running attempt would be started again",
      span: job.span, hint: "split the work, or set timeout to 11h59m (43170 s) or less" });
    return undefined;
  }
  return {
    name: job.name,
    retry: job.retry,
    retryBackoff: job.retryBackoff,
    timeoutSeconds: job.timeoutSeconds,
    visibilityTimeoutSeconds,
    maxReceiveCount: job.retry + 1,
    ...(job.deadLetter !== undefined ? { deadLetterEntity: job.deadLetter } : {}),
    triggers: job.triggers.map((trigger) => ({ event: trigger.event, entity: trigger.entity,
      ...(trigger.field !== undefined ? { field: trigger.field } : {}),
      ...(trigger.when !== undefined ? { when: trigger.when } : {}) })
    ),
    scheduled: job.schedule !== undefined,
    ...(job.run !== undefined ? { run: job.run } : {}),
    span: job.span,
  };
}
