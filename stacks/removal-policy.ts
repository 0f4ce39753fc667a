/** The IR's removal policy names (plain data) → CDK's enum. */
import { RemovalPolicy } from "aws-cdk-lib/core";
import type { RemovalPolicyName } from "../ir/aws-requirements.ts";

export function toRemovalPolicy(name: RemovalPolicyName): RemovalPolicy {
  switch (name) {
    case "retain":
      return RemovalPolicy.RETAIN;
    case "snapshot":
      return RemovalPolicy.SNAPSHOT;
    case "destroy":
      return RemovalPolicy.DESTROY;
  }
}
