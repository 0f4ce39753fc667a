/** CloudFormation SignalResource on the SDK client. */
import { type CloudFormationClient, SignalResourceCommand } from "@aws-sdk/client-cloudformation";
import type { StackSignalPort } from "../agent/ports.ts";

export function createStackSignalPort(client: CloudFormationClient): StackSignalPort {
  return {
    async signal(stackName, logicalId, uniqueId, status) {
      await client.send(new SignalResourceCommand({ StackName: stackName,
        LogicalResourceId: logicalId, UniqueId: uniqueId, Status: status }));
    },
  };
}
