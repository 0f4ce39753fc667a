/**
 * cdk-nag findings on the Compute stack that are accepted, each with its reason.
 */
import type * as ecs from "aws-cdk-lib/aws-ecs";
import type { Construct } from "constructs";
import { acknowledgeNag } from "../nag.ts";
import type { ComputeStackProps } from "./compute-stack.ts";

export function acknowledgeComputeFindings(
  stack: Construct,
  taskDefinition: ecs.FargateTaskDefinition,
  props: ComputeStackProps,
): void {
  void stack;
  void props;
  acknowledgeNag(taskDefinition, {
    id: "AwsSolutions-ECS2",
    reason: "Only non-secret values are plain environment variables (APP_ENV, queue URLs, " +
      "bucket and bus names, TigerBeetle addresses); every credential reaches the container " +
      "as an ECS secret from Secrets Manager or SSM.",
  });
}
