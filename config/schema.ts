/**
 * Every key the deploy tool's part of dazzle.toml (`[deploy]` and its tables) accepts, by table.
 * Used to reject unknown keys (a typo must never be silently ignored) and to suggest the closest
 * valid one. `[deploy.secrets]` takes any key: each one is an environment variable name. The
 * framework's other sections are framework.ts's concern.
 */
import { closestName } from "../diagnostics/render.ts";
import { report, type ConfigReader, type TomlTableValue } from "./reader.ts";

const knownKeysByTable: Readonly<Record<string, readonly string[]>> = {
  deploy: ["enabled", "environment", "region", "account", "network", "compute", "database",
    "tigerbeetle", "observability", "secrets", "environments"],
  "deploy.network": ["vpc_cidr", "availability_zones", "nat_gateways"],
  "deploy.compute": ["cpu", "memory", "desired_count", "max_count", "container_port", "image",
    "dockerfile", "build_context", "health_check_path", "domain", "certificate_arn"],
  "deploy.database": ["instance_class", "storage_gb", "backup_retention_days", "engine_version"],
  "deploy.tigerbeetle": ["enabled", "size", "node_count", "volume_size_gb", "volume_iops",
    "volume_throughput", "version", "cluster_id", "port", "artifact_base_url", "dazzle_version"],
  "deploy.observability": ["log_retention_days", "alarm_email"],
};

/** Tables whose keys are free-form (checked by their own reader). */
const freeFormTables = new Set(["deploy.secrets", "deploy.environments"]);

/** Report every key not in the schema, walking known sub-tables. */
export function checkUnknownKeys(
  reader: ConfigReader,
  path: string,
  values: TomlTableValue,
  /** Where the table was written, when it is checked against another table's schema. */
  writtenAt = path,
) {
  const known = knownKeysByTable[path];
  if (known === undefined || freeFormTables.has(path)) return;
  for (const [key, value] of Object.entries(values)) {
    const keyPath = `${writtenAt}.${key}`;
    if (!known.includes(key)) {
      const guess = closestName(key, known);
      report(reader, keyPath, "config/unknownKey", `unknown key '${keyPath}' in [${writtenAt}]`,
        guess ? `did you mean '${guess}'?` : `valid keys here: ${known.join(", ")}`);
      continue;
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value) &&
      !(value instanceof Date)) {
      checkUnknownKeys(reader, `${path}.${key}`, value as TomlTableValue, keyPath);
    }
  }
}
