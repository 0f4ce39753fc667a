/**
 * Application health: the ECS service, its load balancer, the Aurora cluster and the queues.
 * AWS publishes all of these metrics by default (no opt-in needed).
 */
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { Duration } from "aws-cdk-lib/core";
import type { AlarmFactory } from "./alarm-factory.ts";
import { alarmThresholds as limits } from "./alarm-thresholds.ts";
import type { ObservabilityStackProps } from "./observability-stack.ts";

const { GREATER_THAN_THRESHOLD, LESS_THAN_THRESHOLD } = cloudwatch.ComparisonOperator;
const { BREACHING, NOT_BREACHING } = cloudwatch.TreatMissingData;

function metric(namespace: string, metricName: string, dimensionsMap: Record<string, string>,
  statistic: string, periodMinutes = 5): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace,
    metricName,
    dimensionsMap,
    statistic,
    period: Duration.minutes(periodMinutes),
  });
}

export function serviceHealth(factory: AlarmFactory,
  props: ObservabilityStackProps): cloudwatch.IWidget[] {
  const widgets: cloudwatch.IWidget[] = [];
  if (props.service) {
    const dimensions = { ClusterName: props.service.clusterName,
      ServiceName: props.service.serviceName };
    const cpu = metric("AWS/ECS", "CPUUtilization", dimensions, "Average");
    const memory = metric("AWS/ECS", "MemoryUtilization", dimensions, "Average");
    factory.add({ id: "ServiceCpuHigh", description: "ECS service CPU above " +
      `${limits.serviceCpuPercentMax}% for 15 min.`, metric: cpu,
      threshold: limits.serviceCpuPercentMax, comparison: GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3, treatMissingData: NOT_BREACHING });
    factory.add({ id: "ServiceMemoryHigh", description: "ECS service memory above " +
      `${limits.serviceMemoryPercentMax}% for 15 min.`, metric: memory,
      threshold: limits.serviceMemoryPercentMax, comparison: GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3, treatMissingData: NOT_BREACHING });
    widgets.push(
      new cloudwatch.GraphWidget({ title: "Service: CPU and memory %", width: 12,
        left: [cpu, memory] }),
    );
  }
  if (props.loadBalancer) widgets.push(...loadBalancerHealth(factory, props.loadBalancer));
  if (props.database) {
    const dimensions = { DBClusterIdentifier: props.database.clusterIdentifier };
    const cpu = metric("AWS/RDS", "CPUUtilization", dimensions, "Average");
    factory.add({ id: "DatabaseCpuHigh", description: "Aurora CPU above " +
      `${limits.databaseCpuPercentMax}% for 15 min.`, metric: cpu,
      threshold: limits.databaseCpuPercentMax, comparison: GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3, treatMissingData: NOT_BREACHING });
    widgets.push(
      new cloudwatch.GraphWidget({ title: "Database: CPU % and connections", width: 12, left: [cpu],
        right: [metric("AWS/RDS", "DatabaseConnections", dimensions, "Maximum")] }),
    );
  }
  widgets.push(...queueHealth(factory, props.queues));
  return widgets;
}

function loadBalancerHealth(factory: AlarmFactory,
  loadBalancer: NonNullable<ObservabilityStackProps["loadBalancer"]>): cloudwatch.IWidget[] {
  const balancer = { LoadBalancer: loadBalancer.loadBalancerFullName };
  const target = { ...balancer, TargetGroup: loadBalancer.targetGroupFullName };
  const namespace = "AWS/ApplicationELB";
  const targetErrors = metric(namespace, "HTTPCode_Target_5XX_Count", balancer, "Sum");
  const balancerErrors = metric(namespace, "HTTPCode_ELB_5XX_Count", balancer, "Sum");
  const latency = metric(namespace, "TargetResponseTime", balancer, "p99");
  const healthy = metric(namespace, "HealthyHostCount", target, "Minimum", 1);
  factory.add({ id: "TargetErrors", description: "More than " +
    `${limits.targetErrorCountMax} 5xx responses from the app in 5 min.`, metric: targetErrors,
    threshold: limits.targetErrorCountMax, comparison: GREATER_THAN_THRESHOLD, evaluationPeriods: 1,
    treatMissingData: NOT_BREACHING });
  factory.add({ id: "LoadBalancerErrors", description: "More than " +
    `${limits.loadBalancerErrorCountMax} 5xx responses from the load balancer in 5 min.`,
    metric: balancerErrors, threshold: limits.loadBalancerErrorCountMax,
    comparison: GREATER_THAN_THRESHOLD, evaluationPeriods: 1, treatMissingData: NOT_BREACHING });
  factory.add({ id: "LatencyHigh", description: "p99 response time above " +
    `${limits.targetResponseSecondsP99Max} s for 15 min.`, metric: latency,
    threshold: limits.targetResponseSecondsP99Max, comparison: GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3, treatMissingData: NOT_BREACHING });
  factory.add({ id: "NoHealthyTargets", description: "No healthy target behind the load " +
    "balancer for 3 min: the service is down.", metric: healthy,
    threshold: limits.healthyHostCountMin, comparison: LESS_THAN_THRESHOLD, evaluationPeriods: 3,
    treatMissingData: BREACHING });
  return [
    new cloudwatch.GraphWidget({ title: "Load balancer: 5xx", width: 12,
      left: [targetErrors, balancerErrors] }),
    new cloudwatch.GraphWidget({ title: "Load balancer: p99 latency (s), healthy targets",
      width: 12, left: [latency], right: [healthy] }),
  ];
}

function queueHealth(factory: AlarmFactory,
  queues: ObservabilityStackProps["queues"]): cloudwatch.IWidget[] {
  if (queues.length === 0) return [];
  const ages = queues.map((queue) =>
    metric("AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: queue.queueName }, "Maximum")
  );
  const deadLetters = queues.map((queue) =>
    metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", {
      QueueName: queue.deadLetterQueueName,
    }, "Maximum")
  );
  queues.forEach((queue, position) => {
    const id = alarmIdPart(queue.channel);
    factory.add({ id: `Queue${id}Stalled`, description: `Queue ${queue.queueName}: oldest ` +
      `message older than ${limits.queueOldestMessageSecondsMax} s for 15 min.`,
      metric: ages[position]!, threshold: limits.queueOldestMessageSecondsMax,
      comparison: GREATER_THAN_THRESHOLD, evaluationPeriods: 3, treatMissingData: NOT_BREACHING });
    factory.add({ id: `Queue${id}DeadLetters`, description: `Dead-letter queue ` +
      `${queue.deadLetterQueueName} has messages: jobs failed after all retries.`,
      metric: deadLetters[position]!, threshold: limits.deadLetterMessagesMax,
      comparison: GREATER_THAN_THRESHOLD, evaluationPeriods: 1, treatMissingData: NOT_BREACHING });
  });
  return [
    // Labels only on the dashboard: a labelled alarm metric renders as a metric-math alarm.
    new cloudwatch.GraphWidget({ title: "Queues: age of oldest message (s)", width: 12,
      left: ages.map((age, position) => age.with({ label: queues[position]!.channel })) }),
    new cloudwatch.GraphWidget({ title: "Queues: dead-letter depth", width: 12,
      left: deadLetters.map((depth, position) =>
        depth.with({ label: `${queues[position]!.channel} (dead letters)` })
      ) }),
  ];
}

/** `order_events` → `OrderEvents`: a channel name as part of a construct id and alarm name. */
function alarmIdPart(channel: string): string {
  return channel.split(/[^A-Za-z0-9]+/).filter((part) => part !== "")
    .map((part) => part[0]!.toUpperCase() + part.slice(1)).join("");
}
