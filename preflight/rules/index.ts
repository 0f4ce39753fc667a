/**
 * The rule table: every preflight check, in report order. IDs are stable and documented in
 * docs/preflight.md; a retired rule's ID is never reused.
 */
import type { Rule } from "../types.ts";
import { appImageMissing } from "./app-image.ts";
import { cdkBootstrapMissing } from "./cdk-bootstrap.ts";
import { imdsV1Allowed, secretInPlainEnvironment } from "./compute.ts";
import { bucketNoVersioning, bucketPublic, databaseBackups, databaseNotRetained, databasePublic,
  databaseUnencrypted } from "./data.ts";
import { baselineUnverified, deploymentMoved } from "./baseline.ts";
import { databaseEngineDowngrade } from "./database-changes.ts";
import { destructiveChange } from "./destructive-change.ts";
import { wildcardAction, wildcardResource } from "./iam.ts";
import { queueUnencrypted, queueWithoutDeadLetter } from "./messaging.ts";
import { availabilityZoneNamesGuessed } from "./network.ts";
import { alarmsUnrouted, publicPlainHttp } from "./production-exposure.ts";
import { worldOpenSensitivePort } from "./security-groups.ts";
import { artifactSourcePlaceholder, clusterIdZero, instanceMemory,
  versionUnpinned } from "./tigerbeetle-host.ts";
import { publicAccess } from "./tigerbeetle-network.ts";
import { availabilityZoneSpread, evenNodeCount,
  insufficientNodesProd } from "./tigerbeetle-topology.ts";
import { clusterIdChanged, replicaCountChanged, versionDowngrade,
  versionUpgrade } from "./tigerbeetle-changes.ts";
import { lowIops, suboptimalIops, volumeNotRetained,
  volumeUnencrypted } from "./tigerbeetle-volume.ts";

/** The checks of the templates alone, without a baseline. */
const templateRules: readonly Rule[] = [
  evenNodeCount,
  insufficientNodesProd,
  lowIops,
  suboptimalIops,
  publicAccess,
  availabilityZoneSpread,
  volumeNotRetained,
  volumeUnencrypted,
  instanceMemory,
  clusterIdZero,
  versionUnpinned,
  artifactSourcePlaceholder,
  databasePublic,
  databaseUnencrypted,
  databaseBackups,
  databaseNotRetained,
  bucketPublic,
  bucketNoVersioning,
  worldOpenSensitivePort,
  secretInPlainEnvironment,
  appImageMissing,
  cdkBootstrapMissing,
  wildcardAction,
  wildcardResource,
  imdsV1Allowed,
  queueWithoutDeadLetter,
  queueUnencrypted,
  availabilityZoneNamesGuessed,
  publicPlainHttp,
  alarmsUnrouted,
];

/**
 * The checks that compare with a baseline: `deploy generate` runs them against the record and
 * refuses their critical findings, so a regeneration cannot launder a destructive change.
 */
export const baselineRules: readonly Rule[] = [
  baselineUnverified,
  destructiveChange,
  deploymentMoved,
  replicaCountChanged,
  clusterIdChanged,
  versionDowngrade,
  databaseEngineDowngrade,
];

/** What `deploy diff` reports beside the changes: the baseline checks and the upgrade note. */
export const changeRules: readonly Rule[] = [...baselineRules, versionUpgrade];

/** Every rule, in report order: the template checks, then the checks against the baseline. */
export const rules: readonly Rule[] = [...templateRules, ...changeRules];
