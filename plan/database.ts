/**
 * Database plan: Aurora PostgreSQL, serverless v2 (`db.serverless`) or provisioned.
 */
import type { DeployConfig } from "../ir/deploy-config.ts";
import type { DatabaseCapacity, DatabaseSpec } from "../ir/aws-requirements.ts";
import type { DatabaseRequirement } from "../ir/infra-requirements.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { planCode } from "./codes.ts";
import { removalPolicyFor } from "./environment.ts";

/** Serverless v2 ceiling per environment, in ACUs (2 GiB of memory each). */
const serverlessCapacityAcuMax = { dev: 2, staging: 4, prod: 16 } as const;
const serverlessCapacityAcuMin = 0.5;
const postgresPort = 5432;

export function planDatabase(
  requirement: DatabaseRequirement | undefined,
  config: DeployConfig,
  app: string,
  diagnostics: Diagnostic[],
): DatabaseSpec | undefined {
  if (!requirement) return undefined;
  const settings = config.database;
  const capacity = planCapacity(settings.instanceClass, config, diagnostics);
  const version = /^(\d+)\.(\d+)$/.exec(settings.engineVersion);
  if (!version) {
    diagnostics.push({ ...planCode("plan/invalidDatabase"),
      message: `engine version "${settings.engineVersion}" must look like "16.6"`,
      ...spanOf(config, "deploy.database.engine_version") });
  }
  const production = config.environment === "prod";
  return {
    engineVersion: settings.engineVersion,
    engineMajorVersion: version?.[1] ?? "16",
    capacity,
    readerCount: production ? 1 : 0,
    databaseName: requirement.databaseName,
    port: postgresPort,
    masterUsername: "dazzle_admin",
    secretName: `${app}/${config.environment}/database`,
    backupRetentionDays: settings.backupRetentionDays,
    deletionProtection: config.environment !== "dev",
    removalPolicy: removalPolicyFor(config.environment, "snapshot"),
    secretRemovalPolicy: removalPolicyFor(config.environment, "retain"),
    storageGibHint: settings.storageGib,
  };
}

function planCapacity(
  instanceClass: string,
  config: DeployConfig,
  diagnostics: Diagnostic[],
): DatabaseCapacity {
  if (instanceClass === "db.serverless") {
    return { kind: "serverless", minCapacityAcu: serverlessCapacityAcuMin,
      maxCapacityAcu: serverlessCapacityAcuMax[config.environment] };
  }
  const match = /^db\.([a-z][a-z0-9-]*\.[a-z0-9]+)$/.exec(instanceClass);
  if (!match) {
    diagnostics.push({ ...planCode("plan/invalidDatabase"),
      message: `instance_class "${instanceClass}" must be "db.serverless" or a class like ` +
        "\"db.t4g.medium\"", ...spanOf(config, "deploy.database.instance_class") });
    return { kind: "provisioned", instanceType: "t4g.medium" };
  }
  return { kind: "provisioned", instanceType: match[1]! };
}

function spanOf(config: DeployConfig, key: string) {
  const span = config.sources[key];
  return span ? { span } : {};
}
