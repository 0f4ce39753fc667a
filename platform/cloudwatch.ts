/** PutMetricData over the Query protocol (see aws-http.ts for why not the SDK client). */
import type { MetricsPort } from "../agent/ports.ts";
import type { AwsHttpClient } from "./aws-http.ts";

const cloudWatchApiVersion = "2010-08-01";

export function createMetricsPort(client: AwsHttpClient): MetricsPort {
  return {
    async publish(namespace, dimensions, data) {
      const timestamp = new Date().toISOString();
      const parameters: Record<string, string> = { Namespace: namespace };
      data.forEach((datum, index) => {
        const prefix = `MetricData.member.${index + 1}`;
        parameters[`${prefix}.MetricName`] = datum.name;
        parameters[`${prefix}.Value`] = String(datum.value);
        parameters[`${prefix}.Unit`] = datum.unit;
        parameters[`${prefix}.Timestamp`] = timestamp;
        dimensions.forEach((dimension, dimensionIndex) => {
          parameters[`${prefix}.Dimensions.member.${dimensionIndex + 1}.Name`] = dimension.name;
          parameters[`${prefix}.Dimensions.member.${dimensionIndex + 1}.Value`] =
            dimension.value;
        });
      });
      await client.query("PutMetricData", cloudWatchApiVersion, parameters);
    },
  };
}
