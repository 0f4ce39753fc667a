import { CloudFormationClient, SignalResourceCommand } from "@aws-sdk/client-cloudformation";
import type { StackSignalPort } from "../agent/ports.ts";
import { type AwsOptions, clientConfig } from "./aws-options.ts";

export function createStackSignalPort(options: AwsOptions): StackSignalPort {
  const client = new CloudFormationClient(clientConfig(options));
  return {
    async signal(stackName, logicalId, uniqueId, status) {
      await client.send(new SignalResourceCommand({
        StackName: stackName, LogicalResourceId: logicalId, UniqueId: uniqueId, Status: status,
      }));
    },
  };
}
