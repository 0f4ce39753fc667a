import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.ts";

/**
 * `infra/.dazzle-infra-version.json`, as the deployment guide shows it. Field names are
 * snake_case because the file format is the guide's, not a TypeScript object.
 */
export interface InfraVersionFile {
  /** Short hash (12 hex digits) over every stack's name and checksum. */
  readonly version: string;
  readonly dazzle_version: string;
  /** ISO 8601 UTC timestamp of the generation. */
  readonly generated_at: string;
  readonly environment: string;
  /** One entry per stack, sorted by name. */
  readonly stacks: readonly InfraVersionStack[];
  /**
   * Where the recorded stacks live. Another app name, environment, region or account means
   * other stacks: the recorded ones would be left running beside new, empty ones. Absent in
   * records written before dazzle recorded it.
   */
  readonly deployment?: DeploymentIdentity;
  /** Destructive changes accepted when this version was generated (`--accept-destructive`). */
  readonly accepted_changes?: readonly AcceptedChange[];
}

export interface DeploymentIdentity {
  readonly app: string;
  readonly environment: string;
  readonly region: string;
  /** Absent: environment-agnostic stacks (the account of the deploying credentials). */
  readonly account?: string;
}

export interface AcceptedChange {
  /** The check that would have refused it, e.g. DESTRUCTIVE_CHANGE. */
  readonly check: string;
  /** `Stack/LogicalId`, or `Stack`, as reports print it. */
  readonly resource: string;
  readonly message: string;
  /** The acknowledgement's reason, or "--accept-destructive". */
  readonly reason: string;
}

export interface InfraVersionStack {
  /** Stack id: Network, TigerBeetle, Data, Messaging, Compute, Observability. */
  readonly name: string;
  /** SHA-256 (hex) of the canonical JSON of the synthesized template. */
  readonly checksum: string;
}

export interface InfraVersionMeta {
  readonly dazzleVersion: string;
  readonly environment: string;
  readonly generatedAt: string;
  readonly deployment?: DeploymentIdentity;
  readonly acceptedChanges?: readonly AcceptedChange[];
}

export interface StackTemplate {
  readonly id: string;
  readonly template: unknown;
}

/** Hex digits of `version`: 48 bits, enough to tell generations apart at a glance. */
const versionLengthHex = 12;
/** Bound on stacks: Dazzle generates six; anything far beyond that is a bug upstream. */
const stackCountMax = 64;

export function templateChecksum(template: unknown): string {
  return createHash("sha256").update(canonicalJson(template)).digest("hex");
}

/** Pure: the version file for a set of synthesized stacks. */
export function buildInfraVersion(
  stacks: readonly StackTemplate[],
  meta: InfraVersionMeta,
): InfraVersionFile {
  if (stacks.length > stackCountMax) {
    throw new Error(`buildInfraVersion: ${stacks.length} stacks, more than ${stackCountMax}`);
  }
  const entries = stacks
    .map((stack) => ({ name: stack.id, checksum: templateChecksum(stack.template) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set(entries.map((entry) => entry.name));
  if (names.size !== entries.length) throw new Error("buildInfraVersion: duplicate stack ids");
  return {
    version: versionOf(entries),
    dazzle_version: meta.dazzleVersion,
    generated_at: meta.generatedAt,
    environment: meta.environment,
    stacks: entries,
    ...(meta.deployment ? { deployment: meta.deployment } : {}),
    ...(meta.acceptedChanges && meta.acceptedChanges.length > 0
      ? { accepted_changes: meta.acceptedChanges } :
      {}),
  };
}

/** The short version hash: SHA-256 over `name:checksum` lines, in name order. */
export function versionOf(stacks: readonly InfraVersionStack[]): string {
  const lines = stacks.map((stack) => `${stack.name}:${stack.checksum}\n`).join("");
  return createHash("sha256").update(lines).digest("hex").slice(0, versionLengthHex);
}
