/**
 * TigerBeetle replica health: the agent's metrics (ir/tigerbeetle-node.ts `agentMetricNames`,
 * dimensions App/Environment/Replica, published every minute) and each replica group's
 * GroupInServiceInstances (group metrics are enabled by the TigerBeetle stack).
 */
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { Duration } from "aws-cdk-lib/core";
import type { TigerBeetleClusterSpec } from "../../ir/aws-requirements.ts";
import { agentMetricNames } from "../../ir/tigerbeetle-node.ts";
import type { AlarmFactory } from "./alarm-factory.ts";
import { alarmThresholds as limits } from "./alarm-thresholds.ts";

const { GREATER_THAN_THRESHOLD, GREATER_THAN_OR_EQUAL_TO_THRESHOLD, LESS_THAN_THRESHOLD } =
  cloudwatch.ComparisonOperator;
const { BREACHING, NOT_BREACHING } = cloudwatch.TreatMissingData;

export interface TigerBeetleHealthProps {
  readonly app: string;
  readonly environment: string;
  readonly spec: TigerBeetleClusterSpec;
  readonly autoScalingGroupNames: readonly string[];
}

/** One agent metric of one replica, per minute. */
function agentMetric(props: TigerBeetleHealthProps, replica: number, metricName: string,
  statistic: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: props.spec.metricsNamespace,
    metricName,
    dimensionsMap: { App: props.app, Environment: props.environment, Replica: String(replica) },
    statistic,
    period: Duration.minutes(1),
  });
}

function groupInServiceMetric(groupName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: "AWS/AutoScaling",
    metricName: "GroupInServiceInstances",
    dimensionsMap: { AutoScalingGroupName: groupName },
    statistic: "Minimum",
    period: Duration.minutes(1),
  });
}

export function tigerBeetleHealth(factory: AlarmFactory,
  props: TigerBeetleHealthProps): cloudwatch.IWidget[] {
  const replicas = props.spec.replicas.map((replica) => replica.index);
  for (const replica of replicas) addReplicaAlarms(factory, props, replica);
  const graph = (title: string, metricName: string, statistic: string) =>
    new cloudwatch.GraphWidget({
      title: `TigerBeetle: ${title}`,
      width: 8,
      // Labels only on the dashboard: a labelled alarm metric renders as a metric-math alarm.
      left: replicas.map((replica) =>
        agentMetric(props, replica, metricName, statistic)
          .with({ label: `replica ${replica}` })
      ),
    });
  return [
    graph("replica process up", agentMetricNames.replicaUp, "Minimum"),
    graph("quorum reachable", agentMetricNames.quorumReachable, "Minimum"),
    graph("agent heartbeats", agentMetricNames.heartbeat, "SampleCount"),
    graph("data volume used %", agentMetricNames.dataVolumeUsedPercent, "Maximum"),
    graph("restarts", agentMetricNames.restarts, "Maximum"),
    new cloudwatch.GraphWidget({
      title: "TigerBeetle: instances in service",
      width: 8,
      left: props.autoScalingGroupNames.map((name, replica) =>
        groupInServiceMetric(name).with({ label: `replica ${replica}` })
      ),
    }),
  ];
}

function addReplicaAlarms(factory: AlarmFactory, props: TigerBeetleHealthProps,
  replica: number): void {
  const metric = (name: string, statistic: string) => agentMetric(props, replica, name, statistic);
  const where = `TigerBeetle replica ${replica} of ${props.app}-${props.environment}`;
  factory.add({ id: `Replica${replica}Heartbeat`,
    description: `${where}: no agent heartbeat for ${limits.heartbeatMissingMinutes} min ` +
      "(agent stopped or node lost). Check the instance and `journalctl -u dazzle-agent`.",
    metric: metric(agentMetricNames.heartbeat, "SampleCount"), threshold: 1,
    comparison: LESS_THAN_THRESHOLD, evaluationPeriods: limits.heartbeatMissingMinutes,
    treatMissingData: BREACHING });
  factory.add({ id: `Replica${replica}ProcessDown`,
    description: `${where}: the TigerBeetle process is not running.`,
    metric: metric(agentMetricNames.replicaUp, "Minimum"), threshold: 1,
    comparison: LESS_THAN_THRESHOLD, evaluationPeriods: limits.replicaDownMinutes,
    treatMissingData: BREACHING });
  factory.add({ id: `Replica${replica}QuorumLost`,
    description: `${where}: cannot reach a view-change quorum; the ledger may be unavailable.`,
    metric: metric(agentMetricNames.quorumReachable, "Minimum"), threshold: 1,
    comparison: LESS_THAN_THRESHOLD, evaluationPeriods: limits.quorumLostMinutes,
    treatMissingData: NOT_BREACHING });
  factory.add({ id: `Replica${replica}DataLossHalt`,
    description: `${where}: the agent stopped because the replica's data is lost and cannot ` +
      "be recovered automatically. Follow the replica recovery runbook; never format.",
    metric: metric(agentMetricNames.dataLossHalt, "Maximum"), threshold: 1,
    comparison: GREATER_THAN_OR_EQUAL_TO_THRESHOLD, evaluationPeriods: 1,
    treatMissingData: NOT_BREACHING });
  factory.add({ id: `Replica${replica}DataVolumeFull`,
    description: `${where}: data volume above ${limits.dataVolumeUsedPercentMax}% full.`,
    metric: metric(agentMetricNames.dataVolumeUsedPercent, "Maximum"),
    threshold: limits.dataVolumeUsedPercentMax, comparison: GREATER_THAN_THRESHOLD,
    evaluationPeriods: 5, treatMissingData: NOT_BREACHING });
  const groupName = props.autoScalingGroupNames[replica];
  if (groupName === undefined) return;
  factory.add({ id: `Replica${replica}OutOfService`,
    description: `${where}: no instance in service in ${groupName}.`,
    metric: groupInServiceMetric(groupName), threshold: 1, comparison: LESS_THAN_THRESHOLD,
    evaluationPeriods: limits.groupOutOfServiceMinutes, treatMissingData: BREACHING });
}
