/**
 * The readable `deploy plan` text: stacks and their main resources, the TigerBeetle topology
 * (replica → AZ → address), key settings and the container's environment. Pure: plan in, text
 * out, so tests read it like the user does.
 */
import type { AWSRequirements } from "../ir/aws-requirements.ts";
import type { InfraRequirements } from "../ir/infra-requirements.ts";
import { sizeText } from "../ir/tigerbeetle-cluster.ts";
import { stackSummaries } from "./stack-summaries.ts";

export function renderPlanSummary(infra: InfraRequirements, aws: AWSRequirements): string {
  const lines: string[] = [];
  lines.push(
    `Deployment plan for ${aws.app} (${aws.environment}) in ${aws.region}, account ${
      aws.account ?? "from the deploying credentials"
    }`,
    "",
  );
  lines.push("Stacks, in deployment order:");
  const summaries = stackSummaries(aws);
  const width = Math.max(...summaries.map((stack) => stack.stackName.length));
  for (const stack of summaries) {
    lines.push(`  ${stack.stackName.padEnd(width)}  ${stack.resources[0] ?? ""}`);
    for (const resource of stack.resources.slice(1)) {
      lines.push(`  ${" ".repeat(width)}  ${resource}`);
    }
  }
  if (aws.tigerbeetle) {
    const cluster = aws.tigerbeetle;
    lines.push("", `TigerBeetle ${cluster.version}, ${cluster.replicaCount} replicas, ` +
      `--cache-grid=${sizeText(cluster.cacheGridMib)}, cluster id:`, `  ${cluster.clusterId}`);
    for (const replica of cluster.replicas) {
      lines.push(
        `  replica ${replica.index}  ${
          replica.availabilityZone ?? `AZ ${replica.availabilityZoneIndex}`
        }  ${replica.address}`,
      );
    }
  }
  if (aws.messaging.schedules.length > 0) {
    lines.push("", "Schedules (EventBridge Scheduler: expression and time zone; message → queue):");
    const width = Math.max(...aws.messaging.schedules.map((schedule) => schedule.name.length));
    for (const schedule of aws.messaging.schedules) {
      const queue = schedule.target.kind === "schedule-queue" ?
        "schedule queue"
        : `job queue ${schedule.target.job}`;
      lines.push(
        `  ${schedule.name.padEnd(width)}  ${schedule.scheduleExpression}  ${schedule.timezone}`,
        `    ${schedule.input} → ${queue}`,
      );
    }
  }
  if (aws.messaging.jobs.length > 0) {
    lines.push("", "Jobs (a queue each; the dead-letter queue after retry + 1 receives):");
    const jobWidth = Math.max(...aws.messaging.jobs.map((job) => job.job.length));
    for (const job of aws.messaging.jobs) {
      lines.push(`  ${job.job.padEnd(jobWidth)}  ${job.queue.queueName}: retry ${job.retry} ` +
        `${job.retryBackoff}, ` +
        `timeout ${job.timeoutSeconds} s${
          job.deadLetterEntity ? `, dead letters → ${job.deadLetterEntity}` : ""
        }`);
      for (const trigger of job.triggers) lines.push(`    trigger: ${trigger}`);
    }
  }
  lines.push("", "App container environment:");
  for (const variable of infra.environmentVariables) {
    lines.push(`  ${variable.name}${variable.secret ? " (secret)" : ""}  ${variable.description}`);
  }
  for (const secret of aws.compute.secrets.filter((s) => s.source !== "database")) {
    lines.push(`  ${secret.name} (secret)  ${secret.source}:${secret.path}`);
  }
  return lines.join("\n") + "\n";
}
