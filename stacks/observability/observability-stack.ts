/**
 * The Observability stack: an encrypted SNS alarm topic (with the configured e-mail), one
 * dashboard and alarms for the service, load balancer, database, queues and TigerBeetle
 * replicas. Every alarm's metric is one AWS or the agent really publishes (ASG group metrics
 * are enabled by the TigerBeetle stack; the agent publishes its metrics every minute).
 */
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { StackProps } from "aws-cdk-lib/core";
import { Stack } from "aws-cdk-lib/core";
import type { Construct } from "constructs";
import type { TigerBeetleClusterSpec } from "../../ir/aws-requirements.ts";
import type { Environment } from "../../ir/deploy-config.ts";
import { AlarmFactory } from "./alarm-factory.ts";
import { AlarmTopic } from "./alarm-topic.ts";
import { serviceHealth } from "./service-health.ts";
import { tigerBeetleHealth } from "./tigerbeetle-health.ts";

export interface ObservabilityStackProps extends StackProps {
  readonly app: string;
  readonly environment: Environment;
  /** Subscribed to the alarm topic when set. */
  readonly alarmEmail?: string;
  readonly service?: { readonly clusterName: string; readonly serviceName: string };
  readonly loadBalancer?: {
    readonly loadBalancerFullName: string;
    readonly targetGroupFullName: string;
  };
  readonly database?: { readonly clusterIdentifier: string };
  readonly queues: readonly {
    readonly channel: string;
    readonly queueName: string;
    readonly deadLetterQueueName: string;
  }[];
  readonly tigerbeetle?: {
    readonly spec: TigerBeetleClusterSpec;
    readonly autoScalingGroupNames: readonly string[];
  };
}

export class ObservabilityStack extends Stack {
  readonly alarmTopic: sns.ITopic;
  readonly alarms: readonly cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const name = `${props.app}-${props.environment}`;
    const topic = new AlarmTopic(this, "AlarmTopic", {
      name: `${name}-alarms`,
      ...(props.alarmEmail !== undefined ? { alarmEmail: props.alarmEmail } : {}),
      retainKey: props.environment !== "dev",
    }).topic;
    this.alarmTopic = topic;
    const factory = new AlarmFactory(this, name, topic);
    const widgets = serviceHealth(factory, props);
    if (props.tigerbeetle) {
      widgets.push(...tigerBeetleHealth(factory, {
        app: props.app,
        environment: props.environment,
        spec: props.tigerbeetle.spec,
        autoScalingGroupNames: props.tigerbeetle.autoScalingGroupNames,
      }));
    }
    this.alarms = factory.alarms;
    new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: name,
      widgets: [...alarmStatusRows(factory.alarms), ...rows(widgets)],
    });
  }
}

/** CloudWatch shows at most 100 alarms in one alarm status widget. */
const alarmsPerStatusWidgetMax = 100;

function alarmStatusRows(alarms: readonly cloudwatch.IAlarm[]): cloudwatch.IWidget[][] {
  const result: cloudwatch.IWidget[][] = [];
  for (let start = 0; start < alarms.length; start += alarmsPerStatusWidgetMax) {
    result.push([
      new cloudwatch.AlarmStatusWidget({ title: "Alarms", width: 24,
        alarms: alarms.slice(start, start + alarmsPerStatusWidgetMax) }),
    ]);
  }
  return result;
}

/** Widgets in rows of at most 24 columns, in order. */
function rows(widgets: readonly cloudwatch.IWidget[]): cloudwatch.IWidget[][] {
  const result: cloudwatch.IWidget[][] = [];
  let row: cloudwatch.IWidget[] = [];
  let used = 0;
  for (const widget of widgets) {
    if (used + widget.width > 24 && row.length > 0) {
      result.push(row);
      row = [];
      used = 0;
    }
    row.push(widget);
    used += widget.width;
  }
  if (row.length > 0) result.push(row);
  return result;
}
