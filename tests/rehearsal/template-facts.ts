/**
 * Read what the synthesized templates tell a TigerBeetle node, as plain data: the SSM
 * parameters, each replica's volume, fixed interface (with its subnet, resolved through the
 * Network stack's exports), agent command line (the `ExecStart=` line of the unit the
 * user-data writes) and instance role's policy statements, and the TigerBeetle settings the
 * Compute stack injects into ECS tasks.
 * Everything is read from the templates, never from the plan, so the rehearsal checks what
 * would really be deployed.
 */
import { tagReplica } from "../../ir/tigerbeetle-node.ts";
import { type PolicyStatement, roleOfLaunchTemplate,
  statementsOfRole } from "../../testing/iam-policy.ts";

type Template = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}
interface Tag {
  Key: string;
  Value: string;
}

export interface ReplicaFacts {
  readonly index: number;
  readonly volume: { readonly availabilityZone: string; readonly sizeGib: number;
    readonly tags: readonly Tag[] };
  readonly networkInterface: { readonly privateIp: string; readonly tags: readonly Tag[];
    readonly subnetCidr: string; readonly availabilityZone: string };
  /** `ExecStart=` of the agent's unit, split into words: `/usr/local/bin/dazzle agent ...`. */
  readonly agentCommand: readonly string[];
  /** The user-data's `readonly NAME=value` settings (DAZZLE_URL, DAZZLE_VERSION, ...). */
  readonly bootstrapSettings: ReadonlyMap<string, string>;
  /** Every policy statement of the role the launch template's instances get. */
  readonly roleStatements: readonly PolicyStatement[];
}

export interface TemplateFacts {
  readonly ssmParameters: readonly { readonly name: string; readonly value: string }[];
  readonly replicas: readonly ReplicaFacts[];
  /** From the Compute stack's task definition. */
  readonly compute: { readonly addresses: string; readonly clusterId: string };
  /** The TigerBeetle stack's one log group. */
  readonly logGroupName: string;
}

export function readTemplateFacts(templates: {
  readonly network: Template;
  readonly tigerbeetle: Template;
  readonly compute: Template;
}): TemplateFacts {
  const resources = resourcesOf(templates.tigerbeetle);
  const ssmParameters = resources.filter((r) => r.Type === "AWS::SSM::Parameter")
    .map((r) => ({ name: literal(r.Properties?.Name), value: literal(r.Properties?.Value) }));
  const volumes = resources.filter((r) => r.Type === "AWS::EC2::Volume");
  const interfaces = resources.filter((r) => r.Type === "AWS::EC2::NetworkInterface");
  const launchTemplates = resources.filter((r) => r.Type === "AWS::EC2::LaunchTemplate")
    .map((r) => ({ resource: r, script: userDataOf(r) }));
  const replicas = volumes.map((volume) => {
    const index = Number(tagValue(volume, tagReplica));
    const networkInterface = interfaces.find((r) => tagValue(r, tagReplica) === String(index));
    const launchTemplate = launchTemplates.find((candidate) =>
      replicaOfCommand(agentCommandOf(candidate.script)) === index
    );
    if (!networkInterface || launchTemplate === undefined) {
      throw new Error(`replica ${index}: no network interface or user-data in the template`);
    }
    const script = launchTemplate.script;
    const subnet = subnetOf(templates.network, networkInterface.Properties?.SubnetId);
    return {
      index,
      volume: { availabilityZone: literal(volume.Properties?.AvailabilityZone),
        sizeGib: Number(volume.Properties?.Size), tags: tagsOf(volume) },
      networkInterface: { privateIp: literal(networkInterface.Properties?.PrivateIpAddress),
        tags: tagsOf(networkInterface), ...subnet },
      agentCommand: agentCommandOf(script),
      bootstrapSettings: bootstrapSettingsOf(script),
      roleStatements: statementsOfRole(templates.tigerbeetle,
        roleOfLaunchTemplate(templates.tigerbeetle, launchTemplate.resource)),
    };
  }).sort((a, b) => a.index - b.index);
  const logGroups = resources.filter((r) => r.Type === "AWS::Logs::LogGroup");
  if (logGroups.length !== 1) throw new Error(`${logGroups.length} log groups, expected 1`);
  return { ssmParameters, replicas, compute: computeSettings(templates.compute),
    logGroupName: literal(logGroups[0]!.Properties?.LogGroupName) };
}

function resourcesOf(template: Template): Resource[] {
  return Object.values((template.Resources ?? {}) as Record<string, Resource>);
}

function literal(value: unknown): string {
  if (typeof value !== "string") {
    throw new Error(`expected a literal in the template, got ${JSON.stringify(value)}`);
  }
  return value;
}

function tagsOf(resource: Resource): Tag[] {
  return (resource.Properties?.Tags ?? []) as Tag[];
}

function tagValue(resource: Resource, key: string): string | undefined {
  return tagsOf(resource).find((tag) => tag.Key === key)?.Value;
}

function userDataOf(launchTemplate: Resource): string {
  const data = launchTemplate.Properties?.LaunchTemplateData as {
    UserData?: { "Fn::Base64"?: unknown };
  } | undefined;
  return literal(data?.UserData?.["Fn::Base64"]);
}

/** The unit's `ExecStart=` line, split on spaces (the bootstrap writes it with bare words). */
function agentCommandOf(userData: string): string[] {
  const line = userData.split("\n").find((l) => l.startsWith("ExecStart="));
  if (line === undefined) throw new Error("user-data writes no ExecStart= line");
  const words = line.slice("ExecStart=".length).split(" ");
  if (words.some((word) => /['"\\$]/.test(word))) {
    throw new Error(`ExecStart= needs shell parsing, which the rehearsal does not do: ${line}`);
  }
  return words;
}

/** `readonly NAME=value` lines with bare (unquoted) values, as the bootstrap writes them. */
function bootstrapSettingsOf(userData: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const line of userData.split("\n")) {
    const match = /^readonly ([A-Z_]+)=([^'"\s$]+)$/.exec(line);
    if (match) settings.set(match[1]!, match[2]!);
  }
  return settings;
}

function replicaOfCommand(words: readonly string[]): number {
  const at = words.indexOf("--replica");
  return at < 0 ? -1 : Number(words[at + 1]);
}

/** Follow `Fn::ImportValue` into the Network stack's exports, to the subnet's CIDR and AZ. */
function subnetOf(network: Template, subnetId: unknown) {
  const exportName = literal((subnetId as { "Fn::ImportValue"?: unknown })?.["Fn::ImportValue"]);
  const outputs = Object.values(
    (network.Outputs ?? {}) as Record<string,
      { Value?: { Ref?: string }; Export?: { Name?: string } }>,
  );
  const output = outputs.find((o) => o.Export?.Name === exportName);
  const logicalId = output?.Value?.Ref;
  const subnet = logicalId ? (network.Resources as Record<string, Resource>)[logicalId] : undefined;
  if (!subnet || subnet.Type !== "AWS::EC2::Subnet") {
    throw new Error(`export ${exportName} is not a subnet of the Network stack`);
  }
  return { subnetCidr: literal(subnet.Properties?.CidrBlock),
    availabilityZone: literal(subnet.Properties?.AvailabilityZone) };
}

function computeSettings(compute: Template): TemplateFacts["compute"] {
  const definitions = resourcesOf(compute).filter((r) => r.Type === "AWS::ECS::TaskDefinition")
    .flatMap((r) =>
      (r.Properties?.ContainerDefinitions ?? []) as {
        Environment?: { Name: string; Value: unknown }[];
      }[]
    );
  const environment = definitions.flatMap((d) => d.Environment ?? []);
  const find = (name: string) => {
    const entries = environment.filter((e) => e.Name === name);
    if (entries.length !== 1) throw new Error(`${name}: ${entries.length} entries in Compute`);
    return literal(entries[0]!.Value);
  };
  return { addresses: find("TIGERBEETLE_ADDRESSES"), clusterId: find("TIGERBEETLE_CLUSTER_ID") };
}
