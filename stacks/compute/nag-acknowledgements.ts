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
  // A pulled image needs no ECR login; a Dockerfile's (bootstrap repository) or none's does.
  if (taskDefinition.executionRole && props.spec.image.source !== "registry") {
    acknowledgeNag(taskDefinition.executionRole, {
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "ecr:GetAuthorizationToken has no resource-level permissions (AWS IAM reference); " +
        "pulling layers is scoped to the one repository the image lives in.",
    });
  }
  if (props.bucket) {
    acknowledgeNag(taskDefinition.taskRole, {
      id: `AwsSolutions-IAM5[Resource::${props.bucket.bucketArnExportName}/*]`,
      reason: "The app reads and writes the uploaded files of its own bucket, whose object " +
        "keys are chosen at run time; no other bucket is reachable.",
    });
  }
  acknowledgeNag(taskDefinition, {
    id: "AwsSolutions-ECS2",
    reason: "Only non-secret values are plain environment variables (APP_ENV, queue URLs, " +
      "bucket and bus names, TigerBeetle addresses); every credential reaches the container " +
      "as an ECS secret from Secrets Manager or SSM.",
  });
}
