/**
 * Messaging stack: an SQS queue + dead-letter queue per queue channel and per job, an
 * EventBridge bus per stream channel, and one EventBridge Scheduler schedule per schedule,
 * scheduled channel send and scheduled job, each in its time zone.
 *
 * Schedule target (a choice): a schedule sends its message (`{"schedule": "<name>"}`, `{"channel":
 * …, "send": …}`) to one schedule queue the app consumes, a job's to that job's queue. An ECS
 * RunTask target would need the task definition from the Compute stack, which itself needs
 * these queues (a cycle); a queue also retries and dead-letters a tick the app failed to
 * handle, which RunTask would simply lose. Scheduler, not an EventBridge rule: only Scheduler
 * reads a cron in a time zone (`ScheduleExpressionTimezone`).
 */
import { Duration, Stack, TimeZone, type StackProps } from "aws-cdk-lib/core";
import * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as schedulerTargets from "aws-cdk-lib/aws-scheduler-targets";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { MessagingSpec, QueueSpec, ScheduleSpec } from "../../ir/aws-requirements.ts";
import { toRemovalPolicy } from "../removal-policy.ts";
import { StackInputError } from "../stack-input-error.ts";

export interface MessagingStackProps extends StackProps {
  readonly spec: MessagingSpec;
}

export interface ChannelQueue {
  readonly spec: QueueSpec;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
}

export class MessagingStack extends Stack {
  /** Channel queues in plan order, then the schedule queue (if any), then the job queues. */
  readonly queues: readonly ChannelQueue[];
  readonly eventBuses: readonly { readonly environmentVariable: string;
    readonly bus: events.EventBus }[];

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    const spec = props.spec;
    const queues = spec.queues.map((queue) => createChannelQueue(this, queue));
    const scheduleQueue = spec.scheduleQueue ?
      createChannelQueue(this, spec.scheduleQueue)
      : undefined;
    const jobQueues = new Map(
      spec.jobs.map((job) => [job.job, createChannelQueue(this, job.queue)]),
    );
    if (spec.schedules.length > 0) {
      const role = schedulerRole(this);
      for (const schedule of spec.schedules) {
        const target = schedule.target.kind === "schedule-queue" ?
          scheduleQueue
          : jobQueues.get(schedule.target.job);
        if (target === undefined) {
          throw new StackInputError(`schedule ${schedule.name} targets a queue the plan ` +
            "does not have");
        }
        createSchedule(this, schedule, target, role);
      }
    }
    this.queues = [...queues, ...(scheduleQueue ? [scheduleQueue] : []), ...jobQueues.values()];
    this.eventBuses = spec.eventBuses.map((bus) => ({
      environmentVariable: bus.environmentVariable,
      bus: new events.EventBus(this, `Bus-${bus.channel}`, { eventBusName: bus.eventBusName }),
    }));
  }
}

/** The role EventBridge Scheduler assumes to deliver, usable only for this account's schedules. */
function schedulerRole(scope: Stack): iam.Role {
  return new iam.Role(scope, "SchedulerRole", {
    assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
      conditions: { StringEquals: { "aws:SourceAccount": scope.account } },
    }),
    description: "EventBridge Scheduler delivers the app's schedules to its queues",
  });
}

/**
 * One schedule: its expression read in its time zone, its message to the target queue; a
 * delivery Scheduler cannot make (after its retries) goes to that queue's dead-letter queue.
 */
function createSchedule(scope: Construct, spec: ScheduleSpec, target: ChannelQueue,
  role: iam.IRole): scheduler.Schedule {
  return new scheduler.Schedule(scope, `Schedule-${spec.name}`, {
    scheduleName: spec.scheduleName,
    description: spec.description,
    schedule: scheduler.ScheduleExpression.expression(spec.scheduleExpression,
      TimeZone.of(spec.timezone)),
    target: new schedulerTargets.SqsSendMessage(target.queue, {
      role,
      input: scheduler.ScheduleTargetInput.fromObject(JSON.parse(spec.input) as object),
      deadLetterQueue: target.deadLetterQueue,
    }),
  });
}

/** In prod, messages in flight outlive the stack (the plan's `removalPolicy`). */
function createChannelQueue(scope: Construct, spec: QueueSpec): ChannelQueue {
  const queueRemovalPolicy = toRemovalPolicy(spec.removalPolicy);
  const deadLetterQueue = new sqs.Queue(scope, `Queue-${spec.channel}-DeadLetters`, {
    queueName: spec.deadLetterQueueName,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.seconds(spec.deadLetterRetentionSeconds),
    removalPolicy: queueRemovalPolicy,
  });
  const queue = new sqs.Queue(scope, `Queue-${spec.channel}`, {
    queueName: spec.queueName,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    removalPolicy: queueRemovalPolicy,
  });
  return { spec, queue, deadLetterQueue };
}
