/**
 * Stable diagnostic codes of the plan stage (AppSpec + dazzle.toml → requirements), with their
 * severity (documented in docs/plan.md). Tests and users match on these, never on the message.
 */
import { codeWithSeverity, type CodeRegistry } from "../diagnostics/code-registry.ts";

export const planCodes = {
  "plan/invalidCron": { severity: "error",
    summary: "a schedule's cron expression is not a valid 5-field (or EventBridge 6-field) cron" },
  "plan/invalidRate": { severity: "error",
    summary: "a schedule's interval is not a whole number of minutes, at least 1 minute" },
  "plan/invalidChannelConfig": { severity: "error",
    summary: "a channel `config:` duration or count is not valid" },
  "plan/ignoredChannelConfig": { severity: "info",
    summary: "a channel `config:` key that deployment does not interpret (the app reads it)" },
  "plan/duplicateResourceName": { severity: "error",
    summary: "two channels/schedules (or a secret and a built-in variable) get one AWS name" },
  "plan/invalidName": { severity: "error",
    summary: "the app or a resource name cannot be made into a valid AWS name" },
  "plan/invalidNetwork": { severity: "error",
    summary: "the network settings cannot hold the subnets (VPC prefix, AZ count, NAT gateways)" },
  "plan/invalidTigerBeetle": { severity: "error",
    summary: "the TigerBeetle settings cannot be placed (replicas, cluster id)" },
  "plan/availabilityZonesGuessed": { severity: "warning",
    summary: "default availability-zone names in a region whose names depend on the account" },
  "plan/tigerBeetleZoneSpread": { severity: "warning",
    summary: "losing one AZ would take away the TigerBeetle cluster's majority" },
  "plan/artifactSourcePlaceholder": { severity: "warning",
    summary: "nodes would download their binaries from the placeholder host" },
  "plan/tigerBeetleReleaseToSkip": { severity: "warning",
    summary: "the pinned TigerBeetle release is one its release notes say to skip" },
  "plan/agentOlderThanGenerator": { severity: "warning",
    summary: "the nodes would run an older dazzle agent than the one writing its command line" },
  "plan/invalidDatabase": { severity: "error",
    summary: "the database settings cannot be used (instance class, engine version)" },
  "plan/noAppImage": { severity: "warning",
    summary: "neither a Dockerfile nor `image`: the service is created with 0 tasks" },
  "plan/invalidJob": { severity: "error",
    summary: "a job cannot be queued as declared (a timeout longer than SQS can hold)" },
  "plan/invalidHttps": { severity: "error",
    summary: "HTTPS needs both a domain and a certificate" },
} as const satisfies CodeRegistry;

export type PlanCode = keyof typeof planCodes;

/** `{ code, severity }` for a Diagnostic literal: the severity comes from the table above. */
export function planCode(code: PlanCode) {
  return codeWithSeverity(planCodes, code);
}
