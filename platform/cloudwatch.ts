/** PutMetricData on the SDK client. */
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import {
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch/dist-es/commands/PutMetricDataCommand.js";
import type { MetricsPort } from "../agent/ports.ts";

export function createMetricsPort(client: CloudWatchClient): MetricsPort {
  return {
    async publish(namespace, dimensions, data) {
      const timestamp = new Date();
      await client.send(new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: data.map((datum) => ({
          MetricName: datum.name,
          Value: datum.value,
          Unit: datum.unit,
          Timestamp: timestamp,
          Dimensions: dimensions.map((d) => ({ Name: d.name, Value: d.value })),
        })),
      }));
    },
  };
}
