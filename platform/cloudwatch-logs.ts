/** CloudWatch Logs over AWS JSON 1.1 (see aws-http.ts for why not the SDK client). */
import type { LogEventsPort } from "../agent/ports.ts";
import { type AwsHttpClient, awsErrorName } from "./aws-http.ts";

const target = (operation: string) => `Logs_20140328.${operation}`;

export function createLogEventsPort(client: AwsHttpClient): LogEventsPort {
  return {
    async createStream(group, stream) {
      try {
        await client.json(target("CreateLogStream"),
          { logGroupName: group, logStreamName: stream });
      } catch (error) {
        if (awsErrorName(error) !== "ResourceAlreadyExistsException") throw error;
      }
    },
    async put(group, stream, events) {
      await client.json(target("PutLogEvents"), {
        logGroupName: group, logStreamName: stream,
        logEvents: events.map((event) => ({ timestamp: event.timestampMs,
          message: event.message })),
      });
    },
  };
}
