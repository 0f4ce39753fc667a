/** CloudFormation SignalResource over the Query protocol. */
import type { StackSignalPort } from "../agent/ports.ts";
import type { AwsHttpClient } from "./aws-http.ts";

const cloudFormationApiVersion = "2010-05-15";

export function createStackSignalPort(client: AwsHttpClient): StackSignalPort {
  return {
    async signal(stackName, logicalId, uniqueId, status) {
      await client.query("SignalResource", cloudFormationApiVersion, {
        StackName: stackName, LogicalResourceId: logicalId, UniqueId: uniqueId, Status: status,
      });
    },
  };
}
