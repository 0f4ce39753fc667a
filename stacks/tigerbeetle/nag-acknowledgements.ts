/**
 * cdk-nag (AwsSolutions) findings on the TigerBeetle stack that we accept, each with its reason.
 * Recorded through `stacks/nag.ts` (aws-cdk-lib's own `Validations.acknowledge`, which cdk-nag 3
 * reads), so the stacks never import cdk-nag. Acknowledgements name the
 * exact finding (rule id plus the resource text cdk-nag reports), never a whole rule.
 */
import { Token } from "aws-cdk-lib/core";
import type { Stack } from "aws-cdk-lib/core";
import { acknowledgeNag } from "../nag.ts";
import type { TigerBeetleClusterSpec } from "../../ir/aws-requirements.ts";
import { ssmNames } from "../../ir/tigerbeetle-node.ts";
import type { ReplicaNode } from "./replica-node.ts";
import { artifactObjectArn } from "./replica-role.ts";

export function acknowledgeTigerBeetleFindings(
  stack: Stack,
  spec: TigerBeetleClusterSpec,
  replicas: readonly ReplicaNode[],
): void {
  const arnPrefix = (service: string) =>
    `arn:<AWS::Partition>:${service}:${nagText(stack.region, "AWS::Region")}:` +
    nagText(stack.account, "AWS::AccountId");
  for (const replica of replicas) {
    acknowledgeNag(replica, {
      id: `AwsSolutions-IAM5[Resource::${arnPrefix("ssm")}:parameter${spec.ssmPrefix}/*]`,
      reason: "Read-only: the agent reads the cluster's parameters (settings, markers, " +
        "registrations) below the cluster's prefix.",
    }, {
      id: `AwsSolutions-IAM5[Resource::${arnPrefix("ssm")}:parameter` +
        `${ssmNames.replicaNodesPath(spec.ssmPrefix, replica.index)}/*]`,
      reason: `Replica ${replica.index}'s agent registers its instance as ` +
        `${ssmNames.node(spec.ssmPrefix, replica.index, "{instance-id}")}, an id only known ` +
        "at run time, and removes the stale entries of earlier instances of the same replica; " +
        "it cannot write another replica's registrations.",
    }, {
      id: `AwsSolutions-IAM5[Resource::${arnPrefix("ec2")}:instance/*]`,
      reason: "The instance id is only known at launch; attaching is limited to the replica's " +
        "own volume and interface ARNs and to instances tagged with this cluster and replica; " +
        "ssm:UpdateInstanceInformation registers the instance for Session Manager.",
    }, {
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "EC2 Describe* calls and Session Manager's ssmmessages channels cannot be scoped " +
        "to resources; cloudwatch:PutMetricData is limited by the cloudwatch:namespace " +
        "condition to the agent's namespace.",
    }, {
      id: "AwsSolutions-AS3",
      reason: "Replica health is alarmed in the Observability stack (GroupInServiceInstances " +
        "and the agent's heartbeat/replica metrics) with notifications to the alarm topic.",
    });
    const artifacts = artifactObjectArn(spec.artifactBaseUrl, "<AWS::Partition>");
    if (artifacts) {
      acknowledgeNag(replica, {
        id: `AwsSolutions-IAM5[Resource::${artifacts}]`,
        reason: "Read-only (s3:GetObject) below the user's release mirror prefix: the node " +
          "fetches the pinned dazzle/tigerbeetle archives and SHA256SUMS, whose names carry " +
          "versions chosen at deploy time.",
      });
    }
  }
}

/** How cdk-nag prints a value in a finding id: literal text, or `<AWS::Pseudo>` for a token. */
function nagText(value: string, pseudoParameter: string): string {
  return Token.isUnresolved(value) ? `<${pseudoParameter}>` : value;
}
