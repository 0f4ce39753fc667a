/** `[deploy.observability]`: log retention and who gets alarms. */
import type { ObservabilityConfig } from "../ir/deploy-config.ts";
import { logRetentionDaysValid } from "./limits.ts";
import { readChoice, readString, type ConfigReader, type Section } from "./reader.ts";

export function readObservability(
  reader: ConfigReader,
  section: Section,
  defaults: ObservabilityConfig,
): ObservabilityConfig {
  const logRetentionDays = readChoice(reader, section, "log_retention_days", logRetentionDaysValid);
  const alarmEmail = readString(reader, section, "alarm_email", {
    pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
    expected: "an e-mail address",
  });
  return {
    logRetentionDays: logRetentionDays ?? defaults.logRetentionDays,
    ...(alarmEmail !== undefined ? { alarmEmail } : {}),
  };
}
