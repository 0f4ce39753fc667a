import { describe, expect, test } from "bun:test";
import { Match } from "aws-cdk-lib/assertions";
import { synthesizeExample } from "./whole-app-fixture.ts";

const { templates } = synthesizeExample();
const messaging = templates["Messaging"]!;
const queues = messaging.findResources("AWS::SQS::Queue");
const queueIdByName = new Map(
  Object.entries(queues).map((
    [id, queue],
  ) => [(queue["Properties"] as { QueueName: string }).QueueName, id]),
);

describe("Messaging stack of the example", () => {
  test("a queue and a dead-letter queue for the payouts channel and for schedules", () => {
    expect([...queueIdByName.keys()].sort()).toEqual(["wallet-staging-payouts",
      "wallet-staging-payouts-dlq", "wallet-staging-schedules", "wallet-staging-schedules-dlq"]);
  });

  test("every queue is encrypted and refuses requests without TLS", () => {
    for (const [id, queue] of Object.entries(queues)) {
      expect((queue["Properties"] as Record<string, unknown>)["SqsManagedSseEnabled"]).toBe(true);
      messaging.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny",
              Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          ]),
        },
      });
    }
  });

  test("payouts: 5-minute visibility, dead-lettered after 6 receives (5 retries)", () => {
    messaging.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "wallet-staging-payouts",
      VisibilityTimeout: 300,
      RedrivePolicy: { maxReceiveCount: 6, deadLetterTargetArn: { "Fn::GetAtt": [
        queueIdByName.get("wallet-staging-payouts-dlq"),
        "Arn",
      ] } },
    });
    messaging.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "wallet-staging-payouts-dlq",
      MessageRetentionPeriod: 1209600,
    });
  });

  test("the stream channel is an EventBridge bus", () => {
    messaging.resourceCountIs("AWS::Events::EventBus", 1);
    messaging.hasResourceProperties("AWS::Events::EventBus", {
      Name: "wallet-staging-ledger-events",
    });
  });

  test("the nightly schedule is an EventBridge Scheduler schedule at 02:00 UTC", () => {
    messaging.resourceCountIs("AWS::Events::Rule", 0);
    messaging.hasResourceProperties("AWS::Scheduler::Schedule", {
      Name: "wallet-staging-nightly-reconciliation",
      ScheduleExpression: "cron(0 2 * * ? *)",
      ScheduleExpressionTimezone: "UTC",
      State: "ENABLED",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [queueIdByName.get("wallet-staging-schedules"), "Arn"] },
        Input: JSON.stringify({ schedule: "nightly_reconciliation" }),
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [
          queueIdByName.get("wallet-staging-schedules-dlq"),
          "Arn",
        ] } },
      }),
    });
  });

  test("only the Scheduler's role, for this account's schedules, may send to the queue", () => {
    messaging.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({
        Principal: { Service: "scheduler.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
      })] },
    });
    const statements = Object.values(messaging.findResources("AWS::IAM::Policy"))
      .flatMap((policy) =>
        (policy["Properties"] as {
          PolicyDocument: { Statement: { Action: unknown; Effect: unknown; Resource: unknown }[] };
        }).PolicyDocument.Statement
      );
    expect(statements).toEqual([
      { Action: "sqs:SendMessage", Effect: "Allow", Resource: { "Fn::GetAtt": [
        queueIdByName.get("wallet-staging-schedules"),
        "Arn",
      ] } },
      { Action: "sqs:SendMessage", Effect: "Allow", Resource: { "Fn::GetAtt": [
        queueIdByName.get("wallet-staging-schedules-dlq"),
        "Arn",
      ] } },
    ]);
  });
});
