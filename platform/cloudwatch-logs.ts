/** CloudWatch Logs on the SDK client (one short attempt per call, see aws-clients.ts). */
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { LogEventsPort } from "../agent/ports.ts";
import { awsErrorName } from "./aws-clients.ts";

/** The client and the commands load at the first call (see aws-clients.ts). */
export function createLogEventsPort(
  loadClient: () => Promise<CloudWatchLogsClient>,
): LogEventsPort {
  return {
    async createStream(group, stream) {
      const { CreateLogStreamCommand } = await import(
        "@aws-sdk/client-cloudwatch-logs/dist-es/commands/CreateLogStreamCommand.js"
      );
      const client = await loadClient();
      try {
        await client.send(
          new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }),
        );
      } catch (error) {
        if (awsErrorName(error) !== "ResourceAlreadyExistsException") throw error;
      }
    },
    async put(group, stream, events) {
      const { PutLogEventsCommand } = await import(
        "@aws-sdk/client-cloudwatch-logs/dist-es/commands/PutLogEventsCommand.js"
      );
      const client = await loadClient();
      await client.send(new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: events.map((event) => ({ timestamp: event.timestampMs,
          message: event.message })
        ),
      }));
    },
  };
}
