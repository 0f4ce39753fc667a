/**
 * The alarm topic: encrypted with a customer managed key (CloudWatch cannot publish to a topic
 * encrypted with the AWS managed `aws/sns` key), TLS-only, publishable by CloudWatch alarms of
 * this account, with the configured e-mail subscription.
 */
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { RemovalPolicy, Stack } from "aws-cdk-lib/core";
import { Construct } from "constructs";

export interface AlarmTopicProps {
  readonly name: string;
  readonly alarmEmail?: string;
  /** Keep the key when the stack is deleted (outside dev). */
  readonly retainKey: boolean;
}

export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const cloudWatch = new iam.ServicePrincipal("cloudwatch.amazonaws.com");
    const key = new kms.Key(this, "Key", {
      description: `Encrypts the alarm topic ${props.name}`,
      enableKeyRotation: true,
      removalPolicy: props.retainKey ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: "CloudWatchAlarmsPublish",
      principals: [cloudWatch],
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      resources: ["*"],
      conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
    }));
    this.topic = new sns.Topic(this, "Topic", {
      topicName: props.name,
      displayName: props.name,
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: "CloudWatchAlarmsPublish",
      principals: [cloudWatch],
      actions: ["sns:Publish"],
      resources: [this.topic.topicArn],
      conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
    }));
    if (props.alarmEmail !== undefined) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
  }
}
