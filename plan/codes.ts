/**
 * Stable diagnostic codes of the plan stage (AppSpec + dazzle.toml → requirements). Tests and
 * users match on these, never on the message text.
 */
export const planCodes = {
  /** A schedule's cron expression is not a valid 5-field (or EventBridge 6-field) cron. */
  invalidCron: "plan/invalidCron",
  /** A schedule's interval is not a duration such as `30m`, `24h`, `7d`. */
  invalidRate: "plan/invalidRate",
  /** A channel `config:` duration or count is not valid. */
  invalidChannelConfig: "plan/invalidChannelConfig",
  /** A channel `config:` key that deployment does not interpret (kept, ignored). */
  ignoredChannelConfig: "plan/ignoredChannelConfig",
  /** Two channels/schedules produce the same AWS resource name. */
  duplicateResourceName: "plan/duplicateResourceName",
  /** The app or resource name cannot be made into a valid AWS name. */
  invalidName: "plan/invalidName",
  /** The network settings cannot hold the subnets (VPC prefix, AZ count, NAT gateways). */
  invalidNetwork: "plan/invalidNetwork",
  /** The TigerBeetle settings cannot be placed (replicas, cluster id). */
  invalidTigerBeetle: "plan/invalidTigerBeetle",
  /** Default availability-zone names in a region whose names depend on the account. */
  availabilityZonesGuessed: "plan/availabilityZonesGuessed",
  /** Losing one AZ would take away the TigerBeetle cluster's majority (a warning). */
  tigerBeetleZoneSpread: "plan/tigerBeetleZoneSpread",
  /** Nodes would download their binaries from a placeholder host (a warning). */
  artifactSourcePlaceholder: "plan/artifactSourcePlaceholder",
  /** The nodes would run an older dazzle agent than the one writing its command line. */
  agentOlderThanGenerator: "plan/agentOlderThanGenerator",
  /** The database settings cannot be used (instance class, engine version). */
  invalidDatabase: "plan/invalidDatabase",
  /** Neither a Dockerfile nor `image`: the service is created with 0 tasks (a warning). */
  noAppImage: "plan/noAppImage",
  /** HTTPS needs both a domain and a certificate. */
  invalidHttps: "plan/invalidHttps",
} as const;
