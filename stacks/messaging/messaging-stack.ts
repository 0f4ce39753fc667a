/**
 * Messaging stack: an SQS queue + dead-letter queue per queue channel, an EventBridge bus per
 * stream channel, and one EventBridge rule per schedule.
 *
 * Schedule target (a choice): each rule sends `{"schedule": "<name>"}` to one schedule queue
 * the app consumes. An ECS RunTask target would need the task definition from the Compute
 * stack, which itself needs these queues (a cycle); a queue also retries and dead-letters a
 * tick the app failed to handle, which RunTask would simply lose.
 */
import { Duration, Stack, type StackProps } from "aws-cdk-lib/core";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { MessagingSpec, QueueSpec } from "../../ir/aws-requirements.ts";
import { toRemovalPolicy } from "../removal-policy.ts";

export interface MessagingStackProps extends StackProps {
  readonly spec: MessagingSpec;
}

export interface ChannelQueue {
  readonly spec: QueueSpec;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
}

export class MessagingStack extends Stack {
  /** Channel queues in plan order, then the schedule queue (if any). */
  readonly queues: readonly ChannelQueue[];
  readonly eventBuses: readonly { readonly environmentVariable: string;
    readonly bus: events.EventBus }[];

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    const spec = props.spec;
    const queues = spec.queues.map((queue) => createChannelQueue(this, queue));
    if (spec.scheduleQueue) {
      const scheduleQueue = createChannelQueue(this, spec.scheduleQueue);
      queues.push(scheduleQueue);
      for (const schedule of spec.schedules) {
        new events.Rule(this, `Schedule-${schedule.name}`, {
          ruleName: schedule.ruleName,
          schedule: events.Schedule.expression(schedule.scheduleExpression),
          targets: [new targets.SqsQueue(scheduleQueue.queue, {
            message: events.RuleTargetInput.fromObject({ schedule: schedule.name }),
          })],
        });
      }
    }
    this.queues = queues;
    this.eventBuses = spec.eventBuses.map((bus) => ({
      environmentVariable: bus.environmentVariable,
      bus: new events.EventBus(this, `Bus-${bus.channel}`, { eventBusName: bus.eventBusName }),
    }));
  }
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
