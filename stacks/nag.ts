/**
 * Recording why a cdk-nag finding is accepted, without importing cdk-nag (which would pull the
 * whole aws-cdk-lib root into the binary). CDK's own `Validations.of(scope).acknowledge()`
 * writes the acknowledgement into construct metadata (`aws:cdk:acknowledged-rules`), which
 * cdk-nag 3.x reads when the tests run its AwsSolutions pack. Every acknowledgement states a
 * reason a reviewer can check.
 */
import { Validations } from "aws-cdk-lib/core";
import type { IConstruct } from "constructs";

export interface NagAcknowledgement {
  /** Rule id, optionally with the finding: `AwsSolutions-IAM5[Resource::*]`. */
  readonly id: string;
  readonly reason: string;
}

export function acknowledgeNag(scope: IConstruct, ...acknowledgements: NagAcknowledgement[]): void {
  Validations.of(scope).acknowledge(...acknowledgements);
}
