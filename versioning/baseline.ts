/**
 * The baseline: what `deploy diff`, preflight's change checks and `deploy generate` compare the
 * new templates with. Either the record of the last `deploy generate` (infra/), or the templates
 * of the stacks deployed in the project's account and region.
 *
 * A baseline never fails open: whatever cannot be read or verified is a `problem`, which every
 * consumer turns into a blocking finding (exit 2 for diff), never into "nothing to compare".
 */
import type { DeploymentIdentity } from "./infra-version.ts";
import { InfraVersionError, readRecordedInfra, versionFilePath,
  type RecordedInfra } from "./store.ts";

export type BaselineSource = "record" | "deployed";
export const baselineSources: readonly BaselineSource[] = ["record", "deployed"];

export interface BaselineProblem {
  /** The file or AWS resource that could not be read or verified. */
  readonly subject: string;
  readonly message: string;
  readonly hint?: string;
}

export interface Baseline {
  readonly source: BaselineSource;
  /** One line for reports: which baseline, and where it was read. */
  readonly description: string;
  /** Stack id → template as it is in the baseline; a stack missing here is new. */
  readonly templates: ReadonlyMap<string, unknown>;
  /** The record's short version hash (record baseline only). */
  readonly version?: string;
  /** Where the record says the stacks live; absent when nothing (readable) records it. */
  readonly recordedIdentity?: DeploymentIdentity;
  /** Everything that could not be read or verified. */
  readonly problems: readonly BaselineProblem[];
}

/** The record as a baseline; `record` from `readRecord` (undefined: never generated). */
export function recordBaseline(infraDir: string,
  read: RecordRead = readRecord(infraDir)): Baseline {
  if (read.problem) {
    return { source: "record", description: `the record in ${infraDir} (unreadable)`,
      templates: new Map(), problems: [read.problem] };
  }
  const recorded = read.recorded;
  if (recorded === undefined) {
    return { source: "record", description: `nothing recorded yet (no ` +
      `${versionFilePath(infraDir)}: a first deploy)`, templates: new Map(), problems: [] };
  }
  const { version } = recorded;
  return {
    source: "record",
    description: `the record ${version.version} (${version.environment}, generated ` +
      `${version.generated_at} by dazzle ${version.dazzle_version})`,
    templates: recorded.templates,
    version: version.version,
    ...(version.deployment ? { recordedIdentity: version.deployment } : {}),
    problems: [],
  };
}

export interface RecordRead {
  readonly recorded?: RecordedInfra;
  readonly problem?: BaselineProblem;
}

/** The record, or the reason it cannot be trusted (never a throw for a bad record). */
export function readRecord(infraDir: string): RecordRead {
  try {
    const recorded = readRecordedInfra(infraDir);
    return recorded === undefined ? {} : { recorded };
  } catch (error) {
    if (!(error instanceof InfraVersionError)) throw error;
    return {
      problem: { subject: error.file, message: error.message,
        ...(error.hint ? { hint: error.hint } : {}) },
    };
  }
}

/** "app wallet, environment staging, region eu-west-2, account 1234…" for messages. */
export function describeIdentity(identity: DeploymentIdentity): string {
  return `app ${identity.app}, environment ${identity.environment}, region ${identity.region}` +
    (identity.account ? `, account ${identity.account}` : "");
}
