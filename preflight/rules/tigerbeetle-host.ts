/**
 * What a replica host runs: enough memory, a production cluster id, a pinned release from a
 * place it can download it from.
 */
import { cacheGridMibFor, memoryRequiredMib, memorySizing,
  sizeText } from "../../ir/tigerbeetle-cluster.ts";
import { hasPlaceholderHost } from "../../ir/tigerbeetle-node.ts";
import { configSpan, isDev } from "../sources.ts";
import { literalString, property, resourcesOf, type LocatedResource } from "../template.ts";
import { tigerBeetleHosts } from "../tigerbeetle-resources.ts";
import type { FindingDraft, PreflightInput, Rule } from "../types.ts";

/** Memory of common instance types, GiB (AWS instance type pages). */
const instanceMemoryGib: Readonly<Record<string, number>> = {
  "t3.micro": 1,
  "t3.small": 2,
  "t3.medium": 4,
  "t3.large": 8,
  "t3.xlarge": 16,
  "t4g.micro": 1,
  "t4g.small": 2,
  "t4g.medium": 4,
  "t4g.large": 8,
  "m6i.large": 8,
  "m6i.xlarge": 16,
  "m7g.large": 8,
  "c6i.large": 4,
  "c6i.xlarge": 8,
  "r6i.large": 16,
  "r6i.xlarge": 32,
  "r6i.2xlarge": 64,
  "r7g.large": 16,
  "r7g.xlarge": 32,
};

function hostInstanceType(host: LocatedResource): string | undefined {
  const data = property(host.resource, "LaunchTemplateData") as Record<string, unknown> | undefined;
  return literalString(data?.InstanceType ?? property(host.resource, "InstanceType"));
}

function memoryGibOf(input: PreflightInput, instanceType: string): number | undefined {
  const known = instanceMemoryGib[instanceType];
  if (known !== undefined) return known;
  const planned = input.aws.tigerbeetle;
  return planned?.instanceType === instanceType ? planned.instanceMemoryMib / 1024 : undefined;
}

/** Why a host of this memory cannot run a replica, or undefined when it can. */
function memoryShortfall(memoryMib: number, dev: boolean): string | undefined {
  const cacheGridMib = cacheGridMibFor(memoryMib);
  const requiredMib = memoryRequiredMib(cacheGridMib);
  const { tigerBeetleFixedMib, hostHeadroomMib, productionMemoryMinMib } = memorySizing;
  if (memoryMib < requiredMib) {
    return `it needs ${requiredMib} MiB: the smallest grid cache ` +
      `(${sizeText(cacheGridMib)}) + TigerBeetle's fixed ${tigerBeetleFixedMib} MiB + ` +
      `${hostHeadroomMib} MiB for the OS and agents`;
  }
  if (!dev && memoryMib < productionMemoryMinMib) {
    return `TigerBeetle asks for at least ${productionMemoryMinMib / 1024} GiB per production ` +
      `machine (its grid cache would be ${sizeText(cacheGridMib)})`;
  }
  return undefined;
}

export const instanceMemory: Rule = {
  id: "TB_INSTANCE_MEMORY",
  severity: "high",
  title: "TigerBeetle host memory below grid cache + fixed allocation + OS (or 6 GiB outside dev)",
  remediation: "Set `size = \"r6i.large\"` (16 GiB) or larger in [deploy.tigerbeetle]; " +
    "t3.medium (4 GiB, a 768 MiB grid cache) is for dev only.",
  check(input) {
    const dev = isDev(input);
    return tigerBeetleHosts(input.stacks).flatMap((host): FindingDraft[] => {
      const type = hostInstanceType(host);
      const memoryGib = type === undefined ? undefined : memoryGibOf(input, type);
      const shortfall = memoryGib === undefined ?
        undefined
        : memoryShortfall(memoryGib * 1024, dev);
      if (shortfall === undefined) return [];
      return [{
        stack: host.stack,
        logicalId: host.logicalId,
        span: configSpan(input, "deploy.tigerbeetle.size"),
        ...(dev ? { severity: "warn" as const } : {}),
        message: `TigerBeetle host type ${type} has ${memoryGib} GiB of memory; ${shortfall} ` +
          `in ${input.config.environment}`,
      }];
    });
  },
};

/** SSM parameters of the cluster whose name ends with `/tigerbeetle/<leaf>`. */
function clusterParameters(input: PreflightInput, leaf: string): LocatedResource[] {
  return resourcesOf(input.stacks, "AWS::SSM::Parameter").filter((located) =>
    literalString(property(located.resource, "Name"))?.endsWith(`/tigerbeetle/${leaf}`)
  );
}

export const clusterIdZero: Rule = {
  id: "TB_CLUSTER_ID_ZERO",
  severity: "high",
  title: "TigerBeetle cluster id 0 outside dev",
  remediation: "Remove `cluster_id` from [deploy.tigerbeetle] to get a stable non-zero id, or " +
    "set a random non-zero u128; 0 is reserved by TigerBeetle for testing.",
  check(input) {
    if (isDev(input)) return [];
    const parameters = clusterParameters(input, "cluster_id");
    const at: { stack: string; logicalId?: string }[] = parameters
      .filter((p) => literalString(property(p.resource, "Value")) === "0")
      .map((p) => ({ stack: p.stack, logicalId: p.logicalId }));
    if (parameters.length === 0 && input.aws.tigerbeetle?.clusterId === "0") {
      at.push({ stack: "TigerBeetle" });
    }
    return at.map((where) => ({
      ...where,
      span: configSpan(input, "deploy.tigerbeetle.cluster_id"),
      message: `TigerBeetle cluster id is 0 in ${input.config.environment}: TigerBeetle ` +
        `reserves 0 for testing and benchmarking, and clients of another cluster with id 0 ` +
        `could reach this one`,
    }));
  },
};

const pinnedRelease = /^\d+\.\d+\.\d+$/;

export const versionUnpinned: Rule = {
  id: "TB_VERSION_UNPINNED",
  severity: "high",
  title: "TigerBeetle version not pinned to a release",
  remediation: "Set `version = \"0.17.8\"` (an exact release) in [deploy.tigerbeetle]; a " +
    "replaced node must never download a different release than its peers.",
  check(input) {
    const parameters = clusterParameters(input, "version");
    const values: { stack: string; logicalId?: string; value: unknown }[] = parameters.map(
      (p) => ({ stack: p.stack, logicalId: p.logicalId, value: property(p.resource, "Value") }),
    );
    if (values.length === 0 && input.aws.tigerbeetle) {
      values.push({ stack: "TigerBeetle", value: input.aws.tigerbeetle.version });
    }
    return values.flatMap((entry): FindingDraft[] => {
      const version = literalString(entry.value);
      if (version === undefined || pinnedRelease.test(version)) return [];
      return [{
        stack: entry.stack,
        logicalId: entry.logicalId,
        span: configSpan(input, "deploy.tigerbeetle.version"),
        message: `TigerBeetle version is "${version}", not an exact release: replicas replaced ` +
          `later could run a different version than their peers`,
      }];
    });
  },
};

export const artifactSourcePlaceholder: Rule = {
  id: "TB_ARTIFACT_SOURCE_PLACEHOLDER",
  severity: "high",
  title: "TigerBeetle nodes would download their binaries from a placeholder host",
  remediation: "Run `dazzle deploy artifacts --to s3://bucket/prefix` (it uploads the pinned " +
    "releases, verified, in the nodes' layout) and set the `artifact_base_url` line it prints " +
    "in [deploy.tigerbeetle]; nodes get read access to that prefix only.",
  check(input) {
    const url = input.aws.tigerbeetle?.artifactBaseUrl;
    if (url === undefined || !hasPlaceholderHost(url)) return [];
    return [{
      stack: "TigerBeetle",
      span: configSpan(input, "deploy.tigerbeetle.artifact_base_url"),
      message: `nodes download dazzle and tigerbeetle from ${url}, a reserved name that never ` +
        "resolves: every node would fail its bootstrap and stack creation would roll back " +
        "after the signal timeout",
    }];
  },
};
