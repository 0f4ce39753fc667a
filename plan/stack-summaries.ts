/**
 * Which stacks a plan produces and their main resources, without synthesizing anything. Which
 * stacks exist and their names come from ir/stacks.ts, as for `stacks/app.ts`.
 */
import type { AWSRequirements, DatabaseSpec } from "../ir/aws-requirements.ts";
import { isStackPlanned, type StackId, stackName } from "../ir/stacks.ts";

export interface StackSummary {
  /** Construct id (`Network`, ...). */
  readonly id: StackId;
  readonly stackName: string;
  /** One line per main resource or setting. */
  readonly resources: readonly string[];
}

export function stackSummaries(aws: AWSRequirements): StackSummary[] {
  const name = (id: StackId) => stackName(aws, id);
  const stacks: StackSummary[] = [];
  const network = aws.network;
  stacks.push({ id: "Network", stackName: name("Network"), resources: [
    `VPC ${network.vpcCidr} over ${network.availabilityZones.join(", ")}`,
    `subnets public /${network.subnets.public.cidrMask}, ` +
    `private /${network.subnets.private.cidrMask}, ` +
    `isolated /${network.subnets.isolated.cidrMask} per AZ`,
    `${network.natGateways} NAT gateway(s), flow logs kept ${network.flowLogRetentionDays} d`,
    "security groups: load balancer, app tasks, database",
  ] });
  const cluster = isStackPlanned(aws, "TigerBeetle") ? aws.tigerbeetle : undefined;
  if (cluster) {
    stacks.push({ id: "TigerBeetle", stackName: name("TigerBeetle"), resources: [
      `${cluster.replicaCount} × ${cluster.instanceType} (one Auto Scaling group per replica)`,
      `gp3 data volumes ${cluster.volume.sizeGib} GiB, ${cluster.volume.iops} IOPS, ` +
      `${cluster.volume.throughputMibps} MiB/s, encrypted, retained`,
      `SSM parameters under ${cluster.ssmPrefix}, port ${cluster.port}`,
    ] });
  }
  if (isStackPlanned(aws, "Data")) {
    stacks.push({ id: "Data", stackName: name("Data"), resources: [
      ...(aws.database ?
        [...describeDatabase(aws.database),
          `credentials in Secrets Manager: ${aws.database.secretName}`] :
        []),
      ...(aws.objectStorage ?
        [`S3 bucket for files (versioned, TLS only, ${
          aws.objectStorage.removalPolicy === "retain" ? "retained" : "destroyed with the stack"
        })`]
        : []),
    ] });
  }
  const messaging = aws.messaging;
  if (isStackPlanned(aws, "Messaging")) {
    stacks.push({ id: "Messaging", stackName: name("Messaging"), resources: [
      ...messaging.queues.map((queue) =>
        `SQS ${queue.queueName} + DLQ (visibility ${queue.visibilityTimeoutSeconds} s, ` +
        `${queue.maxReceiveCount} receives)`
      ),
      ...messaging.eventBuses.map((bus) => `EventBridge bus ${bus.eventBusName}`),
      ...(messaging.scheduleQueue ?
        [`SQS ${messaging.scheduleQueue.queueName} + DLQ ` +
          "(schedule deliveries)"] :
        []),
      ...messaging.jobs.map((job) =>
        `SQS ${job.queue.queueName} + DLQ (job, ${job.queue.visibilityTimeoutSeconds} s, ` +
        `${job.queue.maxReceiveCount} receives)`
      ),
      ...(messaging.schedules.length > 0 ?
        [`${messaging.schedules.length} EventBridge ` +
          "Scheduler schedule(s) (below)"] :
        []),
    ] });
  }
  const compute = aws.compute;
  stacks.push({ id: "Compute", stackName: name("Compute"), resources: [
    `ECR ${compute.repositoryName}; ECS cluster ${compute.clusterName} (Container Insights)`,
    `Fargate ${compute.cpu} CPU / ${compute.memoryMib} MiB × ${compute.desiredCount}, ` +
    "circuit breaker",
    `scales to ${compute.maxCount} tasks at ${compute.cpuTargetUtilizationPercent}% CPU`,
    compute.https
      ? `ALB HTTPS :443 (${compute.https.domainName}), :80 redirects → :${compute.containerPort}`
      : `ALB HTTP :80 → :${compute.containerPort}, health check ${compute.healthCheckPath}`,
  ] });
  stacks.push({ id: "Observability", stackName: name("Observability"), resources: [
    `dashboard and alarms → SNS${
      aws.observability.alarmEmail ? ` (${aws.observability.alarmEmail})` : ""
    }`,
  ] });
  return stacks;
}

function describeDatabase(database: DatabaseSpec): string[] {
  const capacity = database.capacity.kind === "serverless"
    ? `serverless v2 ${database.capacity.minCapacityAcu}–${database.capacity.maxCapacityAcu} ACU`
    : `db.${database.capacity.instanceType}`;
  return [
    `Aurora PostgreSQL ${database.engineVersion}, ${capacity}, ${database.readerCount} reader(s)`,
    `isolated subnets, backups ${database.backupRetentionDays} d` +
    (database.deletionProtection ? ", deletion protection" : ""),
  ];
}
