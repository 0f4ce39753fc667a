import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import type { MetricsPort } from "../agent/ports.ts";
import { type AwsOptions, clientConfig } from "./aws-options.ts";

export function createMetricsPort(options: AwsOptions): MetricsPort {
  const client = new CloudWatchClient(clientConfig(options));
  return {
    async publish(namespace, dimensions, data) {
      const timestamp = new Date();
      await client.send(new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: data.map((datum) => ({
          MetricName: datum.name, Value: datum.value, Unit: datum.unit, Timestamp: timestamp,
          Dimensions: dimensions.map((d) => ({ Name: d.name, Value: d.value })),
        })),
      }));
    },
  };
}
