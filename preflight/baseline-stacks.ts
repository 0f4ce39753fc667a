/**
 * The baseline's templates in the shape rules read (`PreflightStack`), and the TigerBeetle and
 * database facts the change checks compare: both sides are read from templates the same way,
 * whether the baseline is the record or the deployed stacks.
 */
import { ssmNames } from "../ir/tigerbeetle-node.ts";
import { literalString, property, resourcesOf, type LocatedResource } from "./template.ts";
import type { CfnTemplate, PreflightInput, PreflightStack } from "./types.ts";

export function baselineStacks(input: PreflightInput): PreflightStack[] {
  return [...(input.baseline?.templates ?? new Map()).entries()].map(([id, template]) => ({
    id,
    stackName: id,
    template: (template ?? {}) as CfnTemplate,
  }));
}

/** A fact read from one resource of a template. */
export interface LocatedValue {
  readonly value: string;
  readonly stack: string;
  readonly logicalId: string;
}

export interface ClusterFacts {
  readonly replicaCount?: LocatedValue;
  readonly clusterId?: LocatedValue;
  readonly version?: LocatedValue;
}

/** The cluster's SSM parameters (written by the TigerBeetle stack for the agents). */
export function clusterFacts(stacks: readonly PreflightStack[]): ClusterFacts {
  const parameters = resourcesOf(stacks, "AWS::SSM::Parameter");
  const find = (suffix: string): LocatedValue | undefined => {
    for (const located of parameters) {
      const name = literalString(property(located.resource, "Name"));
      const value = literalString(property(located.resource, "Value"));
      if (name?.includes("/tigerbeetle/") && name.endsWith(suffix) && value !== undefined) {
        return { value, stack: located.stack, logicalId: located.logicalId };
      }
    }
    return undefined;
  };
  const replicaCount = find(ssmNames.replicaCount(""));
  const clusterId = find(ssmNames.clusterId(""));
  const version = find(ssmNames.version(""));
  return { ...(replicaCount ? { replicaCount } : {}), ...(clusterId ? { clusterId } : {}),
    ...(version ? { version } : {}) };
}

/** Database clusters and instances with a literal engine version. */
export function databaseEngines(
  stacks: readonly PreflightStack[],
): (LocatedValue & { engine: string })[] {
  return resourcesOf(stacks, "AWS::RDS::DBCluster", "AWS::RDS::DBInstance")
    .flatMap((located: LocatedResource) => {
      const value = literalString(property(located.resource, "EngineVersion"));
      const engine = literalString(property(located.resource, "Engine")) ?? "";
      return value === undefined ?
        [] :
        [{ value, engine, stack: located.stack, logicalId: located.logicalId }];
    });
}

/** `X.Y.Z` (or `X.Y`) → numbers; undefined when not a plain release number. */
export function releaseNumbers(version: string): number[] | undefined {
  if (!/^\d+(\.\d+){0,3}$/.test(version)) return undefined;
  return version.split(".").map(Number);
}

/** Negative when a < b, 0 equal, positive when a > b (missing parts count as 0). */
export function compareReleases(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
