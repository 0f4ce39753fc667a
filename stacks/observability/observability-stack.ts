/**
 * The Observability stack: an encrypted SNS alarm topic, one dashboard and alarms for the
 * service, load balancer, database, queues and TigerBeetle replicas.
 * Interface first; the body is filled in by the stacks engineer.
 */
import type { StackProps } from "aws-cdk-lib/core";
import { Stack } from "aws-cdk-lib/core";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import type { TigerBeetleClusterSpec } from "../../ir/aws-requirements.ts";
import type { Environment } from "../../ir/deploy-config.ts";

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

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    this.alarmTopic = new sns.Topic(this, "AlarmTopic", {
      displayName: `${props.app}-${props.environment} alarms`,
    });
  }
}
