/**
 * Security group ingress, wherever it is written: inline `SecurityGroupIngress` on the group,
 * and standalone `AWS::EC2::SecurityGroupIngress` resources whose `GroupId` points at the group
 * (in the same stack or through a cross-stack export). Both forms must be checked: CDK writes
 * rules between groups of different stacks as standalone resources.
 */
import { asArray } from "./tigerbeetle-resources.ts";
import { literalNumber, literalString, property, resolveResource, resourcesOf,
  type LocatedResource } from "./template.ts";
import type { PreflightStack } from "./types.ts";

export interface IngressRule {
  /** The security group the rule opens. */
  readonly group: LocatedResource;
  /** Where the rule is written: the group itself, or a standalone ingress resource. */
  readonly declaredIn: LocatedResource;
  readonly cidr?: string;
  /** "all" for protocol -1; else the protocol name or number as written. */
  readonly protocol: string;
  /** Inclusive port range; undefined when a port is a token (not judged). */
  readonly portFrom?: number;
  readonly portTo?: number;
}

const worldCidrs = new Set(["0.0.0.0/0", "::/0"]);

export function isWorld(rule: IngressRule): boolean {
  return rule.cidr !== undefined && worldCidrs.has(rule.cidr);
}

/** True when the rule lets TCP traffic reach `port`. */
export function coversPort(rule: IngressRule, port: number): boolean {
  if (rule.protocol === "all") return true;
  if (rule.protocol !== "tcp" && rule.protocol !== "6") return false;
  if (rule.portFrom === undefined || rule.portTo === undefined) return false;
  if (rule.portFrom === -1 && rule.portTo === -1) return true;
  return rule.portFrom <= port && port <= rule.portTo;
}

export function describePorts(rule: IngressRule): string {
  if (rule.protocol === "all") return "all traffic";
  if (rule.portFrom === rule.portTo) return `${rule.protocol} port ${rule.portFrom}`;
  return `${rule.protocol} ports ${rule.portFrom}-${rule.portTo}`;
}

function toRule(
  group: LocatedResource,
  declaredIn: LocatedResource,
  entry: Record<string, unknown>,
): IngressRule {
  const protocolText = String(literalString(entry.IpProtocol) ?? literalNumber(entry.IpProtocol));
  return {
    group,
    declaredIn,
    cidr: literalString(entry.CidrIp) ?? literalString(entry.CidrIpv6),
    protocol: protocolText === "-1" || protocolText === "all" ? "all" : protocolText,
    portFrom: literalNumber(entry.FromPort),
    portTo: literalNumber(entry.ToPort),
  };
}

export function ingressRules(stacks: readonly PreflightStack[]): IngressRule[] {
  const rules: IngressRule[] = [];
  for (const group of resourcesOf(stacks, "AWS::EC2::SecurityGroup")) {
    for (const entry of asArray(property(group.resource, "SecurityGroupIngress"))) {
      if (typeof entry === "object" && entry !== null) {
        rules.push(toRule(group, group, entry as Record<string, unknown>));
      }
    }
  }
  for (const standalone of resourcesOf(stacks, "AWS::EC2::SecurityGroupIngress")) {
    const groupId = property(standalone.resource, "GroupId");
    const group = resolveResource(stacks, standalone.stack, groupId);
    if (group === undefined || group.resource.Type !== "AWS::EC2::SecurityGroup") continue;
    rules.push(toRule(group, standalone, standalone.resource.Properties ?? {}));
  }
  return rules;
}
