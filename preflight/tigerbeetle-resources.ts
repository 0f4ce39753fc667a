/**
 * Recognising the TigerBeetle cluster in synthesized templates: per-replica volumes and network
 * interfaces carry the `tagCluster`/`tagReplica` tags (ir/tigerbeetle-node.ts); the hosts
 * (launch templates, instances, Auto Scaling groups) and their security groups live in the
 * TigerBeetle stack or are referenced by those interfaces.
 */
import { tagCluster, tagReplica } from "../ir/tigerbeetle-node.ts";
import { objectProperty, property, resolveResource, resourcesOf, tagsOf,
  type LocatedResource } from "./template.ts";
import type { PreflightInput, PreflightStack } from "./types.ts";

export const tigerBeetleStackId = "TigerBeetle";

export interface TigerBeetleVolume extends LocatedResource {
  /** The `tagReplica` value, when it is a literal integer. */
  readonly replica?: number;
}

export function tigerBeetleVolumes(stacks: readonly PreflightStack[]): TigerBeetleVolume[] {
  return resourcesOf(stacks, "AWS::EC2::Volume")
    .filter((located) => tagsOf(located.resource).has(tagCluster))
    .map((located) => {
      const replica = Number(tagsOf(located.resource).get(tagReplica));
      return Number.isInteger(replica) ? { ...located, replica } : located;
    });
}

export function tigerBeetleInterfaces(stacks: readonly PreflightStack[]): LocatedResource[] {
  return resourcesOf(stacks, "AWS::EC2::NetworkInterface")
    .filter((located) => tagsOf(located.resource).has(tagCluster));
}

/** Launch templates, instances and Auto Scaling groups that run replicas. */
export function tigerBeetleHosts(stacks: readonly PreflightStack[]): LocatedResource[] {
  return resourcesOf(stacks, "AWS::EC2::LaunchTemplate", "AWS::EC2::Instance")
    .filter((located) => located.stack === tigerBeetleStackId);
}

/** Security groups guarding replicas: on their interfaces, hosts, or in the TigerBeetle stack. */
export function tigerBeetleSecurityGroups(stacks: readonly PreflightStack[]): LocatedResource[] {
  const found = new Map<string, LocatedResource>();
  const add = (located: LocatedResource | undefined) => {
    if (located?.resource.Type === "AWS::EC2::SecurityGroup") {
      found.set(`${located.stack}/${located.logicalId}`, located);
    }
  };
  for (const eni of tigerBeetleInterfaces(stacks)) {
    for (const group of asArray(property(eni.resource, "GroupSet"))) {
      add(resolveResource(stacks, eni.stack, group));
    }
  }
  for (const host of tigerBeetleHosts(stacks)) {
    const data = objectProperty(host.resource, "LaunchTemplateData");
    const groups = [
      ...asArray(data?.SecurityGroupIds),
      ...asArray(property(host.resource, "SecurityGroupIds")),
    ];
    for (const group of groups) add(resolveResource(stacks, host.stack, group));
  }
  for (const group of resourcesOf(stacks, "AWS::EC2::SecurityGroup")) {
    if (group.stack === tigerBeetleStackId) add(group);
  }
  return [...found.values()];
}

/**
 * The replica count that would be deployed: distinct replica tags on data volumes when the
 * templates have them, else the planned count. `undefined` when there is no cluster.
 */
export function deployedReplicaCount(input: PreflightInput): number | undefined {
  const replicas = new Set(tigerBeetleVolumes(input.stacks).map((v) => v.replica)
    .filter((replica) => replica !== undefined));
  if (replicas.size > 0) return replicas.size;
  return input.aws.tigerbeetle?.replicaCount;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value.slice(0, 1000) : [];
}
