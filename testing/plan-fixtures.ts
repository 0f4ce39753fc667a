/**
 * Test inputs for the plan stage: a hand-built AppSpec mirroring `example/` (the frontend may
 * not have produced one yet), small AppSpec builders for edge cases, and resolved configs.
 */
import type { AppSpec, Channel, Entity, Ledger, Schedule } from "../ir/appspec.ts";
import type { DeployConfig, Environment } from "../ir/deploy-config.ts";
import { defaultsFor } from "../config/defaults.ts";

export function span(file = "dsl/app.dsl", line = 1) {
  return { file, line, column: 1, endLine: line, endColumn: 2 };
}

export const emptyAppSpec: AppSpec = {
  modules: [],
  entities: [],
  ledgers: [],
  transactions: [],
  channels: [],
  schedules: [],
  jobs: [],
  services: [],
  webhooks: [],
  others: [],
};

export function entity(name: string, fields: Entity["fields"] = []): Entity {
  return { name, fields, blocks: [], span: span() };
}

export function field(name: string, type: Entity["fields"][number]["type"]) {
  return { name, type, modifiers: [], span: span() };
}

export function ledger(name: string, ledgerId: number, currency: string, accountCode = 1): Ledger {
  return { name, accountCode, ledgerId, accountType: "asset", currency, flags: [],
    tenantScoped: false, metadataMapping: [], span: span() };
}

export function channel(name: string, kind: Channel["kind"],
  config: Record<string, string> = {}): Channel {
  return { name, kind,
    config: Object.entries(config).map(([key, value]) => ({ key, value,
      span: span("dsl/messaging.dsl", 7) })
    ), sends: [], receives: [], span: span("dsl/messaging.dsl", 5) };
}

export function schedule(name: string, expression: string,
  form: Schedule["form"] = "cron"): Schedule {
  return { keyword: "schedule", name, expression, form, span: span("dsl/messaging.dsl", 30) };
}

/** The example wallet project, as the frontend should lower it. */
export const exampleAppSpec: AppSpec = {
  ...emptyAppSpec,
  app: { name: "wallet", title: "Wallet", properties: [], span: span() },
  entities: [
    entity("Customer", [field("id", { kind: "scalar", base: "uuid", args: [] }),
      field("balance_cache", { kind: "money", currency: "GBP" })]),
    entity("KycDocument", [field("scan", { kind: "file", base: "file" }),
      field("selfie", { kind: "file", base: "image" })]),
    entity("Payout", [field("amount", { kind: "scalar", base: "decimal", args: ["12", "2"] })]),
  ],
  ledgers: [ledger("CustomerWallet", 826, "GBP", 2001), ledger("SettlementBank", 826, "GBP", 1001),
    ledger("PayoutClearing", 826, "GBP", 1002)],
  channels: [
    channel("payouts", "queue", { visibility_timeout: "5min", max_retries: "5" }),
    channel("ledger_events", "stream"),
    channel("receipts", "email", { from_address: "\"receipts@example.com\"" }),
  ],
  schedules: [schedule("nightly_reconciliation", "\"0 2 * * *\"")],
};

/** An app image, as every deployable project has one (without, the service gets no tasks). */
const image = { source: "registry", uri: "ghcr.io/acme/wallet:1.0.0" } as const;

/** The example's dazzle.toml, resolved (staging, eu-west-2, 3 replicas of r6i.large). */
export function exampleConfig(): DeployConfig {
  const defaults = defaultsFor("staging", { dazzleVersion: "0.1.0" });
  return {
    ...defaults,
    region: "eu-west-2",
    compute: { ...defaults.compute, cpu: 512, memoryMib: 1024, desiredCount: 2, image },
    database: { ...defaults.database, instanceClass: "db.t4g.medium", storageGib: 100 },
    tigerbeetle: { ...defaults.tigerbeetle, size: "r6i.large", nodeCount: 3, volumeIops: 10000,
      artifactBaseUrl: "s3://wallet-releases/mirror" },
    observability: { ...defaults.observability, alarmEmail: "oncall@example.com" },
    secrets: [
      { name: "SENTRY_DSN", source: "ssm", path: "/wallet/staging/sentry-dsn" },
      { name: "STRIPE_API_KEY", source: "secretsmanager", path: "wallet/stripe-api-key" },
    ],
    sources: {},
  };
}

export function configFor(environment: Environment,
  change: (config: DeployConfig) => DeployConfig = (config) => config): DeployConfig {
  const defaults = defaultsFor(environment, { dazzleVersion: "0.1.0" });
  // A real mirror, as every deployable project names one (the default is a placeholder).
  const tigerbeetle = { ...defaults.tigerbeetle, artifactBaseUrl: "https://mirror.acme.dev/r" };
  return change({ ...defaults, compute: { ...defaults.compute, image }, tigerbeetle, secrets: [],
    sources: {} });
}
