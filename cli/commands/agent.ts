/**
 * `dazzle agent`: run on every TigerBeetle node (from user-data, under systemd) to attach the
 * replica's volume and interface, format or recover exactly once, register, start and supervise
 * TigerBeetle, and report. The command line is a contract with the TigerBeetle stack.
 */
import { totalmem } from "node:os";
import { runAgent } from "../../agent/agent.ts";
import type { AgentConfig } from "../../agent/config.ts";
import { metricsIntervalMsDefault, waitMsDefault } from "../../agent/constants.ts";
import type { Logger } from "../../agent/ports.ts";
import { cacheGridMibFor, replicaCountMax } from "../../ir/tigerbeetle-cluster.ts";
import { agentMetricNamespace, dataMountPoint, ssmPrefix } from "../../ir/tigerbeetle-node.ts";
import { createLogShipping, noLogShipping } from "../../agent/log-shipping.ts";
import { createPlatform, createPlatformDeps } from "../../platform/deps.ts";
import { systemClock } from "../../platform/local.ts";
import { metadataEndpointDefault } from "../../platform/metadata.ts";
import type { CommandContext } from "../command.ts";
import { UsageError } from "../errors.ts";
import { type FlagSpecs, parseFlags } from "../flags.ts";

export const usage = "dazzle agent --app APP --environment ENV --region REGION --replica I " +
  "[options]\n\nRun the TigerBeetle node agent for replica I (from the node's user-data).";

export const flags: FlagSpecs = {
  app: { type: "string", valueName: "APP", description: "application name (required)" },
  environment: { type: "string", valueName: "ENV", description: "environment (required)" },
  region: { type: "string", valueName: "REGION", description: "AWS region (required)" },
  replica: { type: "string", valueName: "I",
    description: `replica index 0..${replicaCountMax - 1} (required)` },
  "ssm-prefix": { type: "string", valueName: "PREFIX",
    description: "SSM prefix (default /APP/ENV/tigerbeetle)" },
  "tigerbeetle-bin": { type: "string", valueName: "PATH",
    description: "tigerbeetle binary (default /usr/local/bin/tigerbeetle)" },
  "data-dir": { type: "string", valueName: "DIR",
    description: `data volume mount point (default ${dataMountPoint})` },
  "signal-stack": { type: "string", valueName: "STACK",
    description: "CloudFormation stack to signal once TigerBeetle runs" },
  "signal-resource": { type: "string", valueName: "LOGICAL_ID",
    description: "logical id of the resource to signal (with --signal-stack)" },
  "metrics-namespace": { type: "string", valueName: "NS",
    description: "CloudWatch namespace (default Dazzle/APP)" },
  "log-group": { type: "string", valueName: "GROUP",
    description: "CloudWatch log group that also receives the agent's log lines" },
  "metrics-interval-seconds": { type: "string", valueName: "S",
    description: `metrics period (default ${metricsIntervalMsDefault / 1000})` },
  "wait-seconds": { type: "string", valueName: "S", description: "bound on waiting for " +
    `settings, the volume, peers or a recovery quorum (default ${waitMsDefault / 1000})` },
  "device-wait-seconds": { type: "string", valueName: "S",
    description: "bound on waiting for the attached device to appear (default 120)" },
  "cache-grid": { type: "string", valueName: "SIZE", description: "TigerBeetle's --cache-grid, " +
    "<n>GiB or <n>MiB (default: RAM − TigerBeetle's fixed 2,073 MiB − 1 GiB, in 256 MiB steps)" },
  "metadata-endpoint": { type: "string", valueName: "URL", description: "instance metadata " +
    "endpoint (default $AWS_EC2_METADATA_SERVICE_ENDPOINT or http://169.254.169.254)" },
  "volume-directory": { type: "string", valueName: "DIR", description: "tests only: volumes " +
    "are folders DIR/<volume-id> instead of block devices" },
  development: { type: "boolean", description: "host checks warn only; TigerBeetle gets " +
    "--development (never in production)" },
};

export async function run(context: CommandContext): Promise<number> {
  const values = parseFlags(context.args, flags, { positionalsMax: 0 }).values;
  const config = toConfig(values);
  let shutdownRequested = false;
  const journal = createLogger(context, config.replica);
  const platform = createPlatform({
    aws: { region: config.region },
    metadataEndpoint: text(values["metadata-endpoint"]) ??
      nonEmpty(context.env.AWS_EC2_METADATA_SERVICE_ENDPOINT) ?? metadataEndpointDefault,
  });
  const { log, shipper } = config.logGroup === undefined
    ? { log: journal, shipper: noLogShipping }
    : createLogShipping({ group: config.logGroup, port: platform.logEvents, clock: systemClock,
      journal });
  const onSignal = (signal: string) => {
    log.info(`${signal} received: stopping TigerBeetle and deregistering`);
    shutdownRequested = true;
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  try {
    const deps = createPlatformDeps(platform, {
      volumeDirectory: text(values["volume-directory"]),
      deviceWaitMs: seconds(values["device-wait-seconds"], "device-wait-seconds", 120) * 1000,
      log,
      logShipper: shipper,
      shutdownRequested: () => shutdownRequested,
    });
    return await runAgent(config, deps);
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  }
}

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

function toConfig(values: Values): AgentConfig {
  const app = required(values, "app");
  const environment = required(values, "environment");
  const replicaText = required(values, "replica");
  if (!/^\d$/.test(replicaText) || Number(replicaText) >= replicaCountMax) {
    throw new UsageError(`--replica '${replicaText}' is not a replica index ` +
      `0..${replicaCountMax - 1}`);
  }
  const stack = text(values["signal-stack"]);
  const resource = text(values["signal-resource"]);
  if ((stack === undefined) !== (resource === undefined)) {
    throw new UsageError("--signal-stack and --signal-resource go together");
  }
  const cacheGridText = text(values["cache-grid"]);
  return {
    app,
    environment,
    region: required(values, "region"),
    replica: Number(replicaText),
    ssmPrefix: text(values["ssm-prefix"]) ?? ssmPrefix(app, environment),
    tigerbeetleBin: text(values["tigerbeetle-bin"]) ?? "/usr/local/bin/tigerbeetle",
    dataDir: text(values["data-dir"]) ?? dataMountPoint,
    signal: stack !== undefined ? { stackName: stack, logicalId: resource! } : undefined,
    metricsNamespace: text(values["metrics-namespace"]) ?? agentMetricNamespace(app),
    logGroup: text(values["log-group"]),
    metricsIntervalMs:
      seconds(values["metrics-interval-seconds"], "metrics-interval-seconds",
        metricsIntervalMsDefault / 1000) * 1000,
    waitMsMax: seconds(values["wait-seconds"], "wait-seconds", waitMsDefault / 1000) * 1000,
    cacheGridMib: cacheGridText === undefined ?
      cacheGridMibFor(Math.floor(totalmem() / 2 ** 20))
      : sizeMib(cacheGridText, "cache-grid"),
    development: values.development === true,
  };
}

function createLogger(context: CommandContext, replica: number): Logger {
  const line = (level: string, message: string) =>
    context.stderr(`agent[${replica}] ${level}: ${message}\n`);
  return {
    info: (message) => line("info", message),
    warn: (message) => line("warn", message),
    error: (message) => line("error", message),
  };
}

function required(values: Values, name: string): string {
  const value = text(values[name]);
  if (value === undefined) throw new UsageError(`--${name} is required`, usage.split("\n")[0]);
  return value;
}

/** A positive whole number (seconds, GiB); refuses fractions rather than rounding. */
function seconds(value: string | boolean | string[] | undefined, name: string,
  fallback: number): number {
  const raw = text(value);
  if (raw === undefined) return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1) {
    throw new UsageError(`--${name} '${raw}' is not a whole number ≥ 1`);
  }
  return Number(raw);
}

/** `<n>GiB` or `<n>MiB`, at least 1 MiB: the sizes TigerBeetle's `--cache-grid` takes. */
function sizeMib(raw: string, name: string): number {
  const match = /^(\d{1,7})(MiB|GiB)$/.exec(raw);
  if (match === null || Number(match[1]) < 1) {
    throw new UsageError(`--${name} '${raw}' is not a size like 12GiB or 256MiB`);
  }
  return Number(match[1]) * (match[2] === "GiB" ? 1024 : 1);
}

function text(value: string | boolean | string[] | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
