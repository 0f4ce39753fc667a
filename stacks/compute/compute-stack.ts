/**
 * Compute stack: ECR repository, ECS cluster (Container Insights), the Fargate service behind
 * a public ALB, autoscaling on CPU, and a deployment circuit breaker that rolls back.
 */
import { Fn, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib/core";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as ecs from "aws-cdk-lib/aws-ecs";
import type * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { ComputeSpec } from "../../ir/aws-requirements.ts";
import { toRemovalPolicy } from "../removal-policy.ts";
import { createTaskDefinition } from "./container.ts";
import { acknowledgeComputeFindings } from "./nag-acknowledgements.ts";
import { createLoadBalancer } from "./load-balancer.ts";

/** Images kept in the repository; older ones expire. */
const imageCountMax = 100;

export interface ComputeStackProps extends StackProps {
  readonly spec: ComputeSpec;
  readonly vpc: ec2.IVpc;
  readonly loadBalancerSecurityGroup: ec2.ISecurityGroup;
  readonly appSecurityGroup: ec2.ISecurityGroup;
  readonly databaseSecret?: secretsmanager.ISecret;
  /** The files bucket, by the export names the Data stack gives it. */
  readonly bucket?: { readonly environmentVariable: string; readonly bucketArnExportName: string;
    readonly bucketNameExportName: string };
  readonly queues: readonly { readonly environmentVariable: string; readonly queue: sqs.IQueue }[];
  readonly eventBuses: readonly { readonly environmentVariable: string;
    readonly bus: events.IEventBus }[];
  /** The project folder, absolute: where a Dockerfile image's build context is. */
  readonly projectDir?: string;
}

export class ComputeStack extends Stack {
  readonly repository: ecr.Repository;
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
  readonly loadBalancerFullName: string;
  readonly targetGroupFullName: string;
  readonly loadBalancerDnsName: string;

  constructor(scope: Construct, id: string, props: ComputeStackProps) {
    super(scope, id, props);
    const spec = props.spec;
    const repositoryRemovalPolicy = toRemovalPolicy(spec.removalPolicy);
    this.repository = new ecr.Repository(this, "Repository", {
      repositoryName: spec.repositoryName,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.MUTABLE,
      lifecycleRules: [{ maxImageCount: imageCountMax }],
      removalPolicy: repositoryRemovalPolicy,
      // A destroyed (dev) repository is emptied by CloudFormation itself (EmptyOnDelete, no
      // custom resource), otherwise its images would block the stack's deletion.
      ...(repositoryRemovalPolicy === RemovalPolicy.DESTROY ? { emptyOnDelete: true } : {}),
    });
    this.cluster = new ecs.Cluster(this, "Cluster", {
      clusterName: spec.clusterName,
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const { taskDefinition } = createTaskDefinition(this, {
      spec,
      repository: this.repository,
      wiredEnvironment: wiredEnvironment(props),
      ...(props.databaseSecret ? { databaseSecret: props.databaseSecret } : {}),
      ...(props.projectDir !== undefined ? { projectDir: props.projectDir } : {}),
    });
    grantAppAccess(taskDefinition.taskRole, props);
    this.service = new ecs.FargateService(this, "Service", {
      cluster: this.cluster,
      serviceName: spec.serviceName,
      taskDefinition,
      desiredCount: spec.desiredCount,
      securityGroups: [props.appSecurityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
    });
    const scaling = this.service.autoScaleTaskCount({ minCapacity: spec.minCount,
      maxCapacity: spec.maxCount });
    scaling.scaleOnCpuUtilization("CpuScaling", {
      targetUtilizationPercent: spec.cpuTargetUtilizationPercent,
    });
    const balancer = createLoadBalancer(this, spec, props.vpc, props.loadBalancerSecurityGroup,
      this.service);
    this.loadBalancerFullName = balancer.loadBalancer.loadBalancerFullName;
    this.targetGroupFullName = balancer.targetGroup.targetGroupFullName;
    this.loadBalancerDnsName = balancer.loadBalancer.loadBalancerDnsName;
    acknowledgeComputeFindings(this, taskDefinition, props);
  }
}

function wiredEnvironment(props: ComputeStackProps): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const queue of props.queues) environment[queue.environmentVariable] = queue.queue.queueUrl;
  for (const bus of props.eventBuses) environment[bus.environmentVariable] = bus.bus.eventBusName;
  if (props.bucket) {
    environment[props.bucket.environmentVariable] = Fn.importValue(
      props.bucket.bucketNameExportName,
    );
  }
  return environment;
}

/** Least privilege: the app sends/consumes its own queues, reads/writes its own bucket. */
function grantAppAccess(role: iam.IRole, props: ComputeStackProps) {
  for (const queue of props.queues) {
    queue.queue.grantSendMessages(role);
    queue.queue.grantConsumeMessages(role);
  }
  for (const bus of props.eventBuses) bus.bus.grantPutEventsTo(role);
  if (props.bucket) {
    // Named actions instead of `grantReadWrite`'s `s3:GetObject*`-style wildcards.
    const bucketArn = Fn.importValue(props.bucket.bucketArnExportName);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
      resources: [`${bucketArn}/*`],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ["s3:ListBucket"],
      resources: [bucketArn],
    }));
  }
}
