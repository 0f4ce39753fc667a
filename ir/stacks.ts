/**
 * The stacks Dazzle plans: their construct ids in creation (and deployment) order, their
 * CloudFormation names, and which of them a set of requirements brings. The one home of these
 * facts: `stacks/app.ts` builds what this says, `plan/` summarizes it, `synth/` orders by it.
 */
import type { AWSRequirements } from "./aws-requirements.ts";

/** Construct ids of the stacks, in creation (and deployment) order. */
export const stackIds = ["Network", "TigerBeetle", "Data", "Messaging", "Compute",
  "Observability"] as const;
export type StackId = (typeof stackIds)[number];

/** The CloudFormation stack name: `<app>-<environment>-<id>`. */
export function stackName(aws: AWSRequirements, id: StackId): string {
  return `${aws.app}-${aws.environment}-${id}`;
}

const plannedWhen: Readonly<Record<StackId, (aws: AWSRequirements) => boolean>> = {
  Network: () => true,
  TigerBeetle: (aws) => aws.tigerbeetle !== undefined,
  Data: (aws) => aws.database !== undefined || aws.objectStorage !== undefined,
  Messaging: (aws) =>
    aws.messaging.queues.length + aws.messaging.eventBuses.length +
        aws.messaging.schedules.length + aws.messaging.jobs.length > 0,
  Compute: () => true,
  Observability: () => true,
};

/** Whether the requirements bring this stack (Network, Compute, Observability: always). */
export function isStackPlanned(aws: AWSRequirements, id: StackId): boolean {
  return plannedWhen[id](aws);
}
