/** Queues: failed messages go somewhere, and messages are encrypted at rest. */
import { literalBoolean, objectProperty, property, referencedLogicalId,
  resourcesOf } from "../template.ts";
import type { FindingDraft, Rule } from "../types.ts";

export const queueWithoutDeadLetter: Rule = {
  id: "SQS_NO_DLQ",
  severity: "warn",
  title: "Queue without a dead-letter queue",
  remediation: "Give the channel a dead-letter queue (`max_retries` in the channel's config); " +
    "without one a poison message is retried until it expires and is then lost.",
  check(input) {
    const queues = resourcesOf(input.stacks, "AWS::SQS::Queue");
    const deadLetterTargets = new Set(queues.map((queue) => {
      const redrive = objectProperty(queue.resource, "RedrivePolicy");
      return `${queue.stack}/${referencedLogicalId(redrive?.deadLetterTargetArn)}`;
    }));
    return queues.flatMap((queue): FindingDraft[] => {
      if (property(queue.resource, "RedrivePolicy") !== undefined) return [];
      if (deadLetterTargets.has(`${queue.stack}/${queue.logicalId}`)) return [];
      return [{ stack: queue.stack, logicalId: queue.logicalId,
        message: `queue ${queue.logicalId} has no RedrivePolicy: failed messages are never ` +
          `set aside` }];
    });
  },
};

export const queueUnencrypted: Rule = {
  id: "SQS_UNENCRYPTED",
  severity: "high",
  title: "Queue without encryption at rest",
  remediation: "Remove `SqsManagedSseEnabled: false` or set `KmsMasterKeyId` (CDK: " +
    "`encryption: QueueEncryption.SQS_MANAGED` or `KMS`).",
  check(input) {
    return resourcesOf(input.stacks, "AWS::SQS::Queue").flatMap((queue): FindingDraft[] => {
      const kms = property(queue.resource, "KmsMasterKeyId");
      const managed = literalBoolean(property(queue.resource, "SqsManagedSseEnabled"));
      // Unset means SSE-SQS, the default for queues created since October 2022.
      if (kms !== undefined || managed !== false) return [];
      return [{ stack: queue.stack, logicalId: queue.logicalId,
        message: `queue ${queue.logicalId} has SqsManagedSseEnabled: false and no KMS key` }];
    });
  },
};
