/**
 * The SSM parameters the stack writes for the agents (names from ir/tigerbeetle-node.ts):
 * cluster id, replica count, the ordered address list and the pinned TigerBeetle version.
 * Replica i's agent writes its own `nodes/{i}/{instance-id}` registration and `formatted/{i}`
 * marker at run time (and its role may write nothing else).
 */
import * as ssm from "aws-cdk-lib/aws-ssm";
import { Construct } from "constructs";
import type { TigerBeetleClusterSpec } from "../../ir/aws-requirements.ts";
import { ssmNames } from "../../ir/tigerbeetle-node.ts";

/** Parameter name → value, in a fixed order (deterministic templates). */
function clusterParameterValues(spec: TigerBeetleClusterSpec): readonly (readonly [
  string,
  string,
])[] {
  return [
    [ssmNames.clusterId(spec.ssmPrefix), spec.clusterId],
    [ssmNames.replicaCount(spec.ssmPrefix), String(spec.replicaCount)],
    [ssmNames.addresses(spec.ssmPrefix), spec.addresses],
    [ssmNames.version(spec.ssmPrefix), spec.version],
  ];
}

export class ClusterParameters extends Construct {
  constructor(scope: Construct, id: string, spec: TigerBeetleClusterSpec) {
    super(scope, id);
    const constructIds = ["ClusterId", "ReplicaCount", "Addresses", "Version"];
    clusterParameterValues(spec).forEach(([parameterName, stringValue], position) => {
      new ssm.StringParameter(this, constructIds[position] ?? `Parameter${position}`, {
        parameterName,
        stringValue,
        tier: ssm.ParameterTier.STANDARD,
        description: `TigerBeetle cluster ${spec.clusterTag}`,
      });
    });
  }
}
