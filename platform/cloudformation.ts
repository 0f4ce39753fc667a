/** CloudFormation SignalResource on the SDK client. */
import type { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import type { StackSignalPort } from "../agent/ports.ts";

/** The client and the command load at the first signal (see aws-clients.ts). */
export function createStackSignalPort(
  loadClient: () => Promise<CloudFormationClient>,
): StackSignalPort {
  return {
    async signal(stackName, logicalId, uniqueId, status) {
      const { SignalResourceCommand } = await import(
        "@aws-sdk/client-cloudformation/dist-es/commands/SignalResourceCommand.js"
      );
      const client = await loadClient();
      await client.send(
        new SignalResourceCommand({ StackName: stackName, LogicalResourceId: logicalId,
          UniqueId: uniqueId, Status: status }),
      );
    },
  };
}
