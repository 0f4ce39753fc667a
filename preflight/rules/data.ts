/** Databases and buckets: not public, encrypted, backed up. */
import { configSpan, isDev } from "../sources.ts";
import { literalBoolean, literalNumber, property, resourcesOf,
  type LocatedResource } from "../template.ts";
import type { FindingDraft, PreflightInput, Rule } from "../types.ts";

const databaseTypes = ["AWS::RDS::DBCluster", "AWS::RDS::DBInstance"] as const;
/** Shortest backup retention we accept without a warning in prod, days. */
const backupRetentionDaysProdMinimum = 7;

/** An Aurora instance: encryption, backups and deletion are the cluster's, not its own. */
function isClusterMember(db: LocatedResource): boolean {
  return db.resource.Type === "AWS::RDS::DBInstance" &&
    property(db.resource, "DBClusterIdentifier") !== undefined;
}

export const databasePublic: Rule = {
  id: "DB_PUBLIC",
  severity: "critical",
  title: "Database reachable from the internet",
  remediation: "Set `PubliclyAccessible: false` and keep the database in private subnets; the " +
    "app reaches it through its security group.",
  check(input) {
    return resourcesOf(input.stacks, "AWS::RDS::DBInstance").flatMap((db): FindingDraft[] =>
      literalBoolean(property(db.resource, "PubliclyAccessible")) === true
        ? [{ stack: db.stack, logicalId: db.logicalId,
          message: `database instance ${db.logicalId} has PubliclyAccessible: true` }]
        : []
    );
  },
};

export const databaseUnencrypted: Rule = {
  id: "DB_UNENCRYPTED",
  severity: "high",
  title: "Database storage not encrypted at rest",
  remediation: "Set `StorageEncrypted: true` (it cannot be changed later without a snapshot " +
    "restore, so fix it before the first deploy).",
  check(input) {
    return resourcesOf(input.stacks, ...databaseTypes).flatMap((db): FindingDraft[] => {
      if (isClusterMember(db)) return [];
      const encrypted = property(db.resource, "StorageEncrypted");
      if (encrypted !== undefined && literalBoolean(encrypted) !== false) return [];
      return [{ stack: db.stack, logicalId: db.logicalId,
        message: `${db.resource.Type} ${db.logicalId} has StorageEncrypted ` +
          `${encrypted === undefined ? "unset (defaults to false)" : "false"}` }];
    });
  },
};

function retentionFindings(input: PreflightInput): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const db of resourcesOf(input.stacks, ...databaseTypes)) {
    if (isClusterMember(db)) continue;
    const raw = property(db.resource, "BackupRetentionPeriod");
    const days = raw === undefined ? 1 : literalNumber(raw);
    if (days === undefined) continue;
    const span = configSpan(input, "deploy.database.backup_retention_days");
    if (days === 0) {
      findings.push({ stack: db.stack, logicalId: db.logicalId, span,
        message: `${db.logicalId} has automated backups turned off (BackupRetentionPeriod 0)` });
    } else if (input.config.environment === "prod" && days < backupRetentionDaysProdMinimum) {
      findings.push({ stack: db.stack, logicalId: db.logicalId, span, severity: "warn",
        message: `${db.logicalId} keeps backups for ${days} day${days === 1 ? "" : "s"} in ` +
          `prod; at least ${backupRetentionDaysProdMinimum} is recommended`,
        remediation: "Set `backup_retention_days` in [deploy.database] to 7 or more (up to " +
          "35)." });
    }
  }
  return findings;
}

export const databaseBackups: Rule = {
  id: "DB_BACKUPS",
  severity: "high",
  severityVaries: "warn when prod keeps backups under 7 days",
  title: "Database without usable automated backups",
  remediation: "Set `backup_retention_days` in [deploy.database] (1–35; 30 is the prod " +
    "default).",
  check: retentionFindings,
};

export const databaseNotRetained: Rule = {
  id: "DB_NOT_RETAINED",
  severity: "high",
  title: "Database deleted without a final snapshot outside dev",
  remediation: "Use `DeletionPolicy: Snapshot` or `Retain` on the database (the generated " +
    "stack does outside dev).",
  check(input) {
    if (isDev(input)) return [];
    return resourcesOf(input.stacks, ...databaseTypes).flatMap((db): FindingDraft[] => {
      if (isClusterMember(db)) return [];
      const policy = db.resource.DeletionPolicy ?? "Delete";
      if (policy !== "Delete") return [];
      return [{ stack: db.stack, logicalId: db.logicalId,
        message: `${db.logicalId} has DeletionPolicy Delete: deleting or replacing the Data ` +
          `stack would destroy the database without a final snapshot` }];
    });
  },
};

const publicAccessBlockKeys = ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls",
  "RestrictPublicBuckets"] as const;

export const bucketPublic: Rule = {
  id: "S3_PUBLIC",
  severity: "high",
  title: "Bucket not protected by a full public access block",
  remediation: "Set all four `PublicAccessBlockConfiguration` flags to true; serve public " +
    "files through CloudFront or presigned URLs instead.",
  check(input) {
    return resourcesOf(input.stacks, "AWS::S3::Bucket").flatMap((bucket): FindingDraft[] => {
      const block = property(bucket.resource, "PublicAccessBlockConfiguration") as Record<string,
        unknown> | undefined;
      const missing = publicAccessBlockKeys.filter((key) => literalBoolean(block?.[key]) !== true);
      if (missing.length === 0) return [];
      return [{ stack: bucket.stack, logicalId: bucket.logicalId,
        message: `bucket ${bucket.logicalId} does not block public access: ` +
          `${missing.join(", ")} not true` }];
    });
  },
};

export const bucketNoVersioning: Rule = {
  id: "S3_NO_VERSIONING",
  severity: "warn",
  title: "Bucket without versioning (no way back from an overwrite or delete) outside dev",
  remediation: "Enable versioning (`VersioningConfiguration: {Status: Enabled}`) with a " +
    "lifecycle rule expiring old versions.",
  check(input) {
    if (isDev(input)) return [];
    return resourcesOf(input.stacks, "AWS::S3::Bucket").flatMap((bucket): FindingDraft[] => {
      const versioning = property(bucket.resource, "VersioningConfiguration") as Record<string,
        unknown> | undefined;
      if (versioning?.Status === "Enabled" || (versioning !== undefined &&
        typeof versioning.Status !== "string")) return [];
      return [{ stack: bucket.stack, logicalId: bucket.logicalId,
        message: `bucket ${bucket.logicalId} has no versioning: an overwritten or deleted ` +
          `object cannot be restored` }];
    });
  },
};
