/**
 * The Observability stack of the example app (synthesized once through plan + buildStacks):
 * every alarm notifies the encrypted topic, TigerBeetle alarms watch metrics the agent and the
 * replica groups really publish (same names, namespace and dimensions), queues' dead letters
 * alarm at the first message, and cfn-lint / cdk-nag find no errors.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { App } from "aws-cdk-lib/core";
import { AwsSolutionsChecks } from "cdk-nag";
import { metricDimensions } from "../../agent/metrics.ts";
import type { AgentConfig } from "../../agent/config.ts";
import { agentMetricNames } from "../../ir/tigerbeetle-node.ts";
import { toolPaths } from "../../scripts/tools.ts";
import { ObservabilityStack } from "../../stacks/observability/observability-stack.ts";
import { synthesizeExample, type SynthesizedApp } from "./whole-app-fixture.ts";

process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.CDK_VALIDATION = "false";

type Json = Record<string, any>;
let example: SynthesizedApp;
let observability: Json;
let alarms: Json[];

beforeAll(() => {
  example = synthesizeExample();
  observability = example.templates["Observability"]!.toJSON();
  alarms = Object.values(observability.Resources as Json)
    .filter((resource: Json) => resource.Type === "AWS::CloudWatch::Alarm")
    .map((resource: Json) => resource.Properties);
});

function dimensionsOf(alarm: Json): Record<string, unknown> {
  return Object.fromEntries((alarm.Dimensions as Json[]).map((d) => [d.Name, d.Value]));
}

describe("alarm topic", () => {
  test("is encrypted with a rotating key, TLS-only, and mails the configured address", () => {
    const template = example.templates["Observability"]!;
    const [keyId] = Object.keys(template.findResources("AWS::KMS::Key"));
    template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
    template.hasResourceProperties("AWS::SNS::Topic", {
      KmsMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] },
    });
    const policy = Object.values(template.findResources("AWS::SNS::TopicPolicy"))[0] as Json;
    const statements = policy.Properties.PolicyDocument.Statement as Json[];
    expect(statements.some((statement) =>
      statement.Effect === "Deny" &&
      statement.Condition?.Bool?.["aws:SecureTransport"] === "false"
    )).toBe(true);
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: example.plan.aws.observability.alarmEmail,
    });
  });

  test("every alarm notifies the topic on ALARM and on OK", () => {
    const [topicId] = Object.keys(example.templates["Observability"]!
      .findResources("AWS::SNS::Topic"));
    expect(alarms.length).toBeGreaterThan(10);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
    }
  });

  test("without an e-mail address there is no subscription, and no TigerBeetle alarms", () => {
    const stack = new ObservabilityStack(new App(), "Observability", {
      app: "tiny",
      environment: "dev",
      queues: [],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs("AWS::SNS::Subscription", 0);
    template.resourceCountIs("AWS::CloudWatch::Alarm", 0);
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  });
});

describe("dashboard limits", () => {
  test("more than 100 alarms are shown in several alarm status widgets", () => {
    const queues = Array.from({ length: 60 },
      (_, index) => ({ channel: `jobs_${index}`, queueName: `big-dev-jobs-${index}`,
        deadLetterQueueName: `big-dev-jobs-${index}-dlq` }));
    const stack = new ObservabilityStack(new App(), "Observability", {
      app: "big",
      environment: "dev",
      queues,
    });
    const template = Template.fromStack(stack).toJSON() as Json;
    const dashboard = Object.values(template.Resources as Json)
      .find((resource: Json) => resource.Type === "AWS::CloudWatch::Dashboard") as Json;
    const parts = dashboard.Properties.DashboardBody["Fn::Join"][1] as unknown[];
    const body = JSON.parse(parts.map((part) => (typeof part === "string" ? part : "REF"))
      .join("")) as Json;
    const shown = (body.widgets as Json[]).filter((widget) => widget.type === "alarm")
      .map((widget) => widget.properties.alarms.length);
    expect(shown).toEqual([100, 20]);
  });
});

describe("TigerBeetle alarms watch metrics that are really published", () => {
  test("each replica: heartbeat (missing = breaching), process, quorum, data-loss halt", () => {
    const spec = example.plan.aws.tigerbeetle!;
    for (const replica of spec.replicas) {
      const expectedDimensions = Object.fromEntries(metricDimensions({
        app: example.plan.aws.app,
        environment: example.plan.aws.environment,
        replica: replica.index,
      } as unknown as AgentConfig).map((d) => [d.name, d.value]));
      const ofReplica = alarms.filter((alarm) =>
        alarm.Namespace === spec.metricsNamespace &&
        dimensionsOf(alarm)["Replica"] === String(replica.index)
      );
      for (const alarm of ofReplica) expect(dimensionsOf(alarm)).toEqual(expectedDimensions);
      const byMetric = new Map(ofReplica.map((alarm) => [alarm.MetricName, alarm]));
      expect(byMetric.get(agentMetricNames.heartbeat)).toMatchObject({
        TreatMissingData: "breaching",
        ComparisonOperator: "LessThanThreshold",
        Threshold: 1,
      });
      expect(byMetric.get(agentMetricNames.replicaUp)).toMatchObject({
        ComparisonOperator: "LessThanThreshold",
        Threshold: 1,
      });
      expect(byMetric.get(agentMetricNames.quorumReachable)).toMatchObject({
        ComparisonOperator: "LessThanThreshold",
        Threshold: 1,
      });
      expect(byMetric.get(agentMetricNames.dataLossHalt)).toMatchObject({
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        Threshold: 1,
      });
    }
    const agentMetrics = new Set<string>(Object.values(agentMetricNames));
    for (const alarm of alarms.filter((a) => a.Namespace === spec.metricsNamespace)) {
      expect(agentMetrics.has(alarm.MetricName)).toBe(true);
    }
  });

  test("each replica group is alarmed on InService, and emits group metrics", () => {
    const tigerbeetle = example.templates["TigerBeetle"]!.toJSON() as Json;
    const groups = Object.values(tigerbeetle.Resources as Json)
      .filter((resource: Json) => resource.Type === "AWS::AutoScaling::AutoScalingGroup");
    const watched = alarms.filter((alarm) => alarm.MetricName === "GroupInServiceInstances")
      .map((alarm) => dimensionsOf(alarm)["AutoScalingGroupName"]).sort();
    expect(watched).toEqual(
      groups.map((group: Json) => group.Properties.AutoScalingGroupName).sort(),
    );
    for (const group of groups) {
      expect(group.Properties.MetricsCollection).toEqual([{ Granularity: "1Minute" }]);
    }
  });
});

describe("dashboard", () => {
  test("shows every replica's agent metrics and group, the service, load balancer and queues",
    () => {
      const dashboard = Object.values(observability.Resources as Json)
        .find((resource: Json) => resource.Type === "AWS::CloudWatch::Dashboard") as Json;
      // The body is a Fn::Join of JSON text and references; references become "REF".
      const parts = dashboard.Properties.DashboardBody["Fn::Join"][1] as unknown[];
      const body = JSON.parse(parts.map((part) => (typeof part === "string" ? part : "REF"))
        .join("")) as Json;
      const shown = new Set<string>();
      for (const widget of body.widgets as Json[]) {
        for (const line of (widget.properties.metrics ?? []) as unknown[][]) {
          const [namespace, name, ...rest] = line.filter((item) => typeof item === "string");
          const replica = rest.indexOf("Replica");
          shown.add(`${namespace} ${name}` + (replica >= 0 ? ` ${rest[replica + 1]}` : ""));
        }
      }
      const spec = example.plan.aws.tigerbeetle!;
      for (const replica of spec.replicas) {
        for (const name of [agentMetricNames.heartbeat, agentMetricNames.replicaUp,
          agentMetricNames.quorumReachable, agentMetricNames.dataVolumeUsedPercent]) {
          expect(shown).toContain(`${spec.metricsNamespace} ${name} ${replica.index}`);
        }
      }
      for (const expected of ["AWS/AutoScaling GroupInServiceInstances", "AWS/ECS CPUUtilization",
        "AWS/ECS MemoryUtilization", "AWS/ApplicationELB HTTPCode_Target_5XX_Count",
        "AWS/ApplicationELB TargetResponseTime", "AWS/ApplicationELB HealthyHostCount",
        "AWS/RDS CPUUtilization", "AWS/RDS DatabaseConnections",
        "AWS/SQS ApproximateAgeOfOldestMessage", "AWS/SQS ApproximateNumberOfMessagesVisible"]) {
        expect(shown).toContain(expected);
      }
    });
});

describe("application alarms", () => {
  test("every dead-letter queue alarms at its first message", () => {
    const deadLetterNames = example.plan.aws.messaging.queues
      .map((queue) => queue.deadLetterQueueName);
    expect(deadLetterNames.length).toBeGreaterThan(0);
    for (const name of deadLetterNames) {
      const alarm = alarms.find((candidate) =>
        candidate.Namespace === "AWS/SQS" &&
        dimensionsOf(candidate)["QueueName"] === name
      );
      expect(alarm).toMatchObject({ MetricName: "ApproximateNumberOfMessagesVisible",
        ComparisonOperator: "GreaterThanThreshold", Threshold: 0 });
    }
  });

  test("the service's CPU, the load balancer's 5xx and healthy targets are alarmed", () => {
    const names = new Set(alarms.map((alarm) => `${alarm.Namespace} ${alarm.MetricName}`));
    for (const expected of ["AWS/ECS CPUUtilization",
      "AWS/ApplicationELB HTTPCode_Target_5XX_Count", "AWS/ApplicationELB HealthyHostCount",
      "AWS/RDS CPUUtilization"]) {
      expect(names.has(expected)).toBe(true);
    }
    const cpu = alarms.find((alarm) =>
      alarm.MetricName === "CPUUtilization" &&
      alarm.Namespace === "AWS/ECS"
    )!;
    expect(dimensionsOf(cpu)).toEqual({ ClusterName: example.plan.aws.compute.clusterName,
      ServiceName: example.plan.aws.compute.serviceName });
  });
});

describe("checkers", () => {
  test("cfn-lint reports no errors on the Observability template", () => {
    const file = join(mkdtempSync(join(tmpdir(), "dazzle-observability-")), "template.json");
    writeFileSync(file, JSON.stringify(observability));
    const result = spawnSync(toolPaths.cfnLint(), ["--format", "parseable", file], {
      encoding: "utf8",
    });
    expect(result.stdout.split("\n").filter((line) => /:E\d+:/.test(line))).toEqual([]);
  }, 60_000);

  test("cdk-nag AwsSolutions finds no unacknowledged errors", () => {
    const report = new AwsSolutionsChecks().validateScope(example.stacks.observability);
    expect(report.violations.filter((violation) => violation.severity === "error")
      .map((violation) => violation.ruleName)).toEqual([]);
  }, 60_000);
});
