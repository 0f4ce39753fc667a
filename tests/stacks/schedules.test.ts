/**
 * Issue 15's scheduling snippets, from DSL text through the real front end, plan and stacks: a
 * job with `schedule: cron("0 1 * * *")`, a channel send with `when: cron "0 9 * * *"` and a
 * `schedule` with `timezone: "Europe/London"` each become an EventBridge Scheduler schedule
 * (`AWS::Scheduler::Schedule`, the last with its zone), checked by aws-cdk-lib assertions,
 * cfn-lint and cdk-nag like the other stacks.
 */
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { AwsSolutionsChecks } from "cdk-nag";
import { hasErrors } from "../../diagnostics/diagnostic.ts";
import { loadSources } from "../../frontend/index.ts";
import { toolPaths } from "../../scripts/tools.ts";
import { configFor } from "../../testing/plan-fixtures.ts";
import { synthesizeApp } from "./whole-app-fixture.ts";

const dsl = `app press "Press":
  intent: "publish manuscripts"

entity Manuscript "Manuscript":
  id: uuid pk
  source_pdf: file

entity ManuscriptDeadLetter "Dead letters":
  id: uuid pk

job thumbnail_render "Generate thumbnail":
  trigger: on_create Manuscript when source_pdf is_set
  run: scripts/render_thumbnail.py
  retry: 3
  retry_backoff: exponential
  dead_letter: ManuscriptDeadLetter
  timeout: 60s

job daily_summary "Daily metrics roll-up":
  schedule: cron("0 1 * * *")
  run: scripts/daily_summary.py
  timeout: 5m

channel digests "Digests":
  kind: email
  send daily:
    message: Digest
    when: cron "0 9 * * *"

schedule daily_report "Daily Report":
  cron: "0 8 * * *"
  timezone: "Europe/London"
`;

const loaded = await loadSources([{ path: "dsl/app.dsl", text: dsl }]);
if (hasErrors(loaded.diagnostics)) throw new Error(JSON.stringify(loaded.diagnostics));
const synthesized = synthesizeApp(loaded.appSpec, configFor("staging"));
const messaging = synthesized.templates["Messaging"]!;
const resources = messaging.toJSON()["Resources"] as Record<string,
  { Type: string; Properties: Record<string, unknown> }>;
const idOfQueue = (name: string) =>
  Object.entries(resources).find(([, resource]) =>
    resource.Type === "AWS::SQS::Queue" && resource.Properties["QueueName"] === name
  )?.[0];

describe("schedules on EventBridge Scheduler", () => {
  test("three schedules, no EventBridge rule", () => {
    messaging.resourceCountIs("AWS::Scheduler::Schedule", 3);
    messaging.resourceCountIs("AWS::Events::Rule", 0);
  });

  test("the schedule with timezone: Europe/London is read in that zone", () => {
    messaging.hasResourceProperties("AWS::Scheduler::Schedule", {
      Name: "press-staging-daily-report",
      ScheduleExpression: "cron(0 8 * * ? *)",
      ScheduleExpressionTimezone: "Europe/London",
      Target: { Arn: { "Fn::GetAtt": [idOfQueue("press-staging-schedules"), "Arn"] },
        Input: "{\"schedule\":\"daily_report\"}", RoleArn: expect.anything(),
        DeadLetterConfig: expect.anything(), RetryPolicy: expect.anything(), SqsParameters: {} },
    });
  });

  test("the channel send with when: cron fires at 09:00 UTC with its channel and name", () => {
    messaging.hasResourceProperties("AWS::Scheduler::Schedule", {
      Name: "press-staging-digests-daily",
      ScheduleExpression: "cron(0 9 * * ? *)",
      ScheduleExpressionTimezone: "UTC",
      Target: expect.objectContaining({ Input: "{\"channel\":\"digests\",\"send\":\"daily\"}" }),
    });
  });

  test("the job with schedule: cron(\"0 1 * * *\") enqueues itself on its own queue", () => {
    messaging.hasResourceProperties("AWS::Scheduler::Schedule", {
      Name: "press-staging-job-daily-summary",
      ScheduleExpression: "cron(0 1 * * ? *)",
      ScheduleExpressionTimezone: "UTC",
      Target: expect.objectContaining({
        Arn: { "Fn::GetAtt": [idOfQueue("press-staging-job-daily-summary"), "Arn"] },
        Input: "{\"job\":\"daily_summary\",\"trigger\":\"schedule\"}",
      }),
    });
  });

  test("each job has a queue: hidden for its timeout + 30 s, dead-lettered after retry + 1", () => {
    messaging.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "press-staging-job-thumbnail-render",
      VisibilityTimeout: 90,
      RedrivePolicy: { maxReceiveCount: 4, deadLetterTargetArn: { "Fn::GetAtt": [
        idOfQueue("press-staging-job-thumbnail-render-dlq"),
        "Arn",
      ] } },
    });
    messaging.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "press-staging-job-daily-summary",
      VisibilityTimeout: 330,
    });
  });

  test("the app receives each job queue's URL", () => {
    const variables = synthesized.plan.infra.environmentVariables.map((v) => v.name);
    expect(variables).toEqual(
      expect.arrayContaining(["JOB_DAILY_SUMMARY_QUEUE_URL", "JOB_THUMBNAIL_RENDER_QUEUE_URL",
        "SCHEDULE_QUEUE_URL"]),
    );
  });

  test("cfn-lint: no error in the Messaging template", () => {
    const template = join(synthesized.outDir, "Messaging.template.json");
    const result = spawnSync(toolPaths.cfnLint(), ["--format", "json", "--", template], {
      encoding: "utf8",
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "",
        AWS_EC2_METADATA_DISABLED: "true" },
      timeout: 120_000,
    });
    expect(result.error).toBeUndefined();
    const findings = JSON.parse(result.stdout) as { Level: string; Rule: { Id: string };
      Message: string }[];
    expect(findings.filter((finding) => finding.Level === "Error")
      .map((finding) => `${finding.Rule.Id}: ${finding.Message}`)).toEqual([]);
  }, 120_000);

  test("cdk-nag AwsSolutions: no unacknowledged finding", () => {
    const report = new AwsSolutionsChecks(synthesized.app).validateScope(synthesized.app);
    expect(report.violations.flatMap((violation) =>
      violation.violatingResources
        .map((resource) => `${violation.ruleName} at ${resource.constructPath}`)
    )).toEqual([]);
  });
});
