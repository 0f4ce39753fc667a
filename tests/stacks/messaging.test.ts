import { describe, expect, test } from "bun:test";
import { Match } from "aws-cdk-lib/assertions";
import { synthesizeExample } from "./whole-app-fixture.ts";

const { templates } = synthesizeExample();
const messaging = templates["Messaging"]!;
const queues = messaging.findResources("AWS::SQS::Queue");
const queueIdByName = new Map(Object.entries(queues).map(([id, queue]) =>
  [(queue["Properties"] as { QueueName: string }).QueueName, id]));

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
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny",
          Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
      });
    }
  });

  test("payouts: 5-minute visibility, dead-lettered after 6 receives (5 retries)", () => {
    messaging.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "wallet-staging-payouts",
      VisibilityTimeout: 300,
      RedrivePolicy: { maxReceiveCount: 6, deadLetterTargetArn: { "Fn::GetAtt": [
        queueIdByName.get("wallet-staging-payouts-dlq"), "Arn"] } },
    });
    messaging.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "wallet-staging-payouts-dlq", MessageRetentionPeriod: 1209600 });
  });

  test("the stream channel is an EventBridge bus", () => {
    messaging.resourceCountIs("AWS::Events::EventBus", 1);
    messaging.hasResourceProperties("AWS::Events::EventBus",
      { Name: "wallet-staging-ledger-events" });
  });

  test("the nightly schedule sends its name to the schedule queue at 02:00 UTC", () => {
    messaging.hasResourceProperties("AWS::Events::Rule", {
      Name: "wallet-staging-nightly-reconciliation",
      ScheduleExpression: "cron(0 2 * * ? *)",
      State: "ENABLED",
      Targets: [Match.objectLike({
        Arn: { "Fn::GetAtt": [queueIdByName.get("wallet-staging-schedules"), "Arn"] },
        Input: JSON.stringify({ schedule: "nightly_reconciliation" }) })],
    });
  });

  test("only EventBridge rules may send to the schedule queue, scoped to the rule", () => {
    messaging.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [{ Ref: queueIdByName.get("wallet-staging-schedules") }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
        Condition: { ArnEquals: { "aws:SourceArn": Match.anyValue() } } })]) },
    });
  });
});
