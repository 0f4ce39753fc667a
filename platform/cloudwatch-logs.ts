/** CloudWatch Logs on the SDK client (one short attempt per call, see aws-clients.ts). */
import {
  type CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import type { LogEventsPort } from "../agent/ports.ts";
import { awsErrorName } from "./aws-clients.ts";

export function createLogEventsPort(client: CloudWatchLogsClient): LogEventsPort {
  return {
    async createStream(group, stream) {
      try {
        await client.send(new CreateLogStreamCommand({ logGroupName: group,
          logStreamName: stream }));
      } catch (error) {
        if (awsErrorName(error) !== "ResourceAlreadyExistsException") throw error;
      }
    },
    async put(group, stream, events) {
      await client.send(new PutLogEventsCommand({
        logGroupName: group, logStreamName: stream,
        logEvents: events.map((event) => ({ timestamp: event.timestampMs,
          message: event.message })),
      }));
    },
  };
}
