/**
 * Is a subnet public? A subnet is public when instances in it get a public IP by default, when
 * CDK marks it `Public`, or when its route table sends 0.0.0.0/0 to an internet gateway.
 */
import { literalBoolean, literalString, property, referencedLogicalId, resourcesOf, tagsOf,
  type LocatedResource } from "./template.ts";
import type { PreflightStack } from "./types.ts";

export function isPublicSubnet(
  stacks: readonly PreflightStack[],
  subnet: LocatedResource,
): boolean {
  if (subnet.resource.Type !== "AWS::EC2::Subnet") return false;
  if (literalBoolean(property(subnet.resource, "MapPublicIpOnLaunch")) === true) return true;
  if (tagsOf(subnet.resource).get("aws-cdk:subnet-type") === "Public") return true;
  const inStack = stacks.filter((stack) => stack.id === subnet.stack);
  const tables = resourcesOf(inStack, "AWS::EC2::SubnetRouteTableAssociation")
    .filter((a) => referencedLogicalId(property(a.resource, "SubnetId")) === subnet.logicalId)
    .map((a) => referencedLogicalId(property(a.resource, "RouteTableId")));
  return resourcesOf(inStack, "AWS::EC2::Route").some((route) =>
    tables.includes(referencedLogicalId(property(route.resource, "RouteTableId"))) &&
    literalString(property(route.resource, "DestinationCidrBlock")) === "0.0.0.0/0" &&
    isInternetGateway(inStack, property(route.resource, "GatewayId"))
  );
}

function isInternetGateway(stacks: readonly PreflightStack[], value: unknown): boolean {
  const id = referencedLogicalId(value);
  if (id === undefined) return false;
  return stacks.some((stack) =>
    stack.template.Resources?.[id]?.Type === "AWS::EC2::InternetGateway"
  );
}
