/** `[deploy.database]`: Aurora PostgreSQL. */
import type { DatabaseConfig } from "../ir/deploy-config.ts";
import { readInteger, readString, type ConfigReader, type Section } from "./reader.ts";

/** Aurora storage grows by itself up to 128 TiB; the hint drives the free-storage alarm. */
const storageGib = { min: 10, max: 131072 } as const;
/** RDS automated backups: 1–35 days (0 would disable them, never acceptable here). */
const backupRetentionDays = { min: 1, max: 35 } as const;

export function readDatabase(
  reader: ConfigReader,
  section: Section,
  defaults: DatabaseConfig,
): DatabaseConfig {
  const instanceClass = readString(reader, section, "instance_class", {
    pattern: /^db\.(serverless|[a-z0-9]+\.[a-z0-9]+)$/,
    expected: "\"db.serverless\" or an instance class like \"db.t4g.medium\"",
  });
  const storage = readInteger(reader, section, "storage_gb", storageGib);
  const retention = readInteger(reader, section, "backup_retention_days", backupRetentionDays);
  const engineVersion = readString(reader, section, "engine_version", {
    pattern: /^\d{2}(\.\d{1,2})?$/,
    expected: "an Aurora PostgreSQL version like \"16.6\"",
  });
  return {
    instanceClass: instanceClass ?? defaults.instanceClass,
    storageGib: storage ?? defaults.storageGib,
    backupRetentionDays: retention ?? defaults.backupRetentionDays,
    engineVersion: engineVersion ?? defaults.engineVersion,
  };
}
