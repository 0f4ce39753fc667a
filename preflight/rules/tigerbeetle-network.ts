/**
 * TigerBeetle has no authentication: only security groups and private subnets protect it. Any
 * path from the internet to a replica is critical.
 */
import { coversPort, describePorts, ingressRules, isWorld } from "../ingress.ts";
import { isPublicSubnet } from "../subnets.ts";
import { literalBoolean, objectProperty, property, referencedLogicalId, resolveResource,
  resourcesOf, type LocatedResource } from "../template.ts";
import { asArray, tigerBeetleHosts, tigerBeetleInterfaces, tigerBeetleSecurityGroups,
  tigerBeetleStackId } from "../tigerbeetle-resources.ts";
import type { FindingDraft, PreflightInput, Rule } from "../types.ts";

function openGroupFindings(input: PreflightInput): FindingDraft[] {
  const port = input.aws.tigerbeetle?.port ?? input.config.tigerbeetle.port;
  const groups = new Set(tigerBeetleSecurityGroups(input.stacks)
    .map((g) => `${g.stack}/${g.logicalId}`));
  return ingressRules(input.stacks)
    .filter((rule) => groups.has(`${rule.group.stack}/${rule.group.logicalId}`) && isWorld(rule))
    .map((rule) => ({
      stack: rule.declaredIn.stack,
      logicalId: rule.declaredIn.logicalId,
      message: `public access: security group ${rule.group.logicalId} of the TigerBeetle ` +
        `cluster allows ${describePorts(rule)} from ${rule.cidr}` +
        `${coversPort(rule, port) ? `, including the TigerBeetle port ${port}` : ""}` +
        (rule.declaredIn === rule.group ? "" : ` (ingress ${rule.declaredIn.logicalId})`),
    }));
}

/** Subnets a host or interface is placed in, resolved across stacks. */
function placementSubnets(input: PreflightInput, located: LocatedResource): LocatedResource[] {
  const values = [
    property(located.resource, "SubnetId"),
    ...asArray(property(located.resource, "VPCZoneIdentifier")),
  ];
  return values.map((value) => resolveResource(input.stacks, located.stack, value))
    .filter((subnet): subnet is LocatedResource => subnet !== undefined);
}

function publicSubnetFindings(input: PreflightInput): FindingDraft[] {
  const placed = [
    ...tigerBeetleInterfaces(input.stacks),
    ...tigerBeetleHosts(input.stacks),
    ...resourcesOf(input.stacks, "AWS::AutoScaling::AutoScalingGroup")
      .filter((group) => group.stack === tigerBeetleStackId),
  ];
  return placed.flatMap((located) =>
    placementSubnets(input, located)
      .filter((subnet) => isPublicSubnet(input.stacks, subnet))
      .map((subnet) => ({
        stack: located.stack,
        logicalId: located.logicalId,
        message: `public access: TigerBeetle ${located.resource.Type} is placed in public subnet ` +
          `${subnet.stack}/${subnet.logicalId} (routed to an internet gateway)`,
      }))
  );
}

function publicAddressFindings(input: PreflightInput): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const host of tigerBeetleHosts(input.stacks)) {
    const data = objectProperty(host.resource, "LaunchTemplateData");
    const interfaces = [...asArray(data?.NetworkInterfaces),
      ...asArray(property(host.resource, "NetworkInterfaces"))];
    const associates = interfaces.some((entry) =>
      literalBoolean(
        (entry as Record<string, unknown> | null)?.AssociatePublicIpAddress,
      ) === true
    );
    if (associates) {
      findings.push({ stack: host.stack, logicalId: host.logicalId,
        message: `public access: TigerBeetle host ${host.logicalId} gets a public IP address ` +
          `(AssociatePublicIpAddress: true)` });
    }
  }
  const interfaceIds = new Set(tigerBeetleInterfaces(input.stacks)
    .map((eni) => `${eni.stack}/${eni.logicalId}`));
  for (const eip of resourcesOf(input.stacks, "AWS::EC2::EIP", "AWS::EC2::EIPAssociation")) {
    const target = referencedLogicalId(property(eip.resource, "NetworkInterfaceId"));
    if (target === undefined || !interfaceIds.has(`${eip.stack}/${target}`)) continue;
    findings.push({ stack: eip.stack, logicalId: eip.logicalId,
      message: `public access: Elastic IP ${eip.logicalId} is attached to TigerBeetle network ` +
        `interface ${target}` });
  }
  return findings;
}

export const publicAccess: Rule = {
  id: "TB_PUBLIC_ACCESS",
  severity: "critical",
  title: "TigerBeetle reachable from the internet",
  remediation: "Remove public CIDR rules (0.0.0.0/0, ::/0) from TigerBeetle security groups; " +
    "allow only the app's and the peers' security groups. Keep replicas in private subnets " +
    "without public IP addresses.",
  check: (input) => [
    ...openGroupFindings(input),
    ...publicSubnetFindings(input),
    ...publicAddressFindings(input),
  ],
};
