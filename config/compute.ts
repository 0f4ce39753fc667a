/** `[deploy.compute]`: the Fargate service behind the load balancer. */
import type { ComputeConfig, Environment } from "../ir/deploy-config.ts";
import { readAppImage, type ProjectFiles } from "./app-image.ts";
import { fargateMemoryMibByCpu } from "./limits.ts";
import { anyInvalid, readChoice, readInteger, readString, report, type ConfigReader,
  type Section } from "./reader.ts";

/** Upper bound on tasks: far beyond any sane service, low enough to catch a typo (20000). */
const taskCountMax = 1000;

const hostnamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const certificateArnPattern =
  /^arn:aws[a-z-]*:acm:([a-z]{2}(-[a-z]+)+-\d):\d{12}:certificate\/[A-Za-z0-9-]+$/;

export function readCompute(
  reader: ConfigReader,
  section: Section,
  defaults: ComputeConfig,
  context: { readonly environment: Environment; readonly region: string;
    readonly projectFiles?: ProjectFiles },
): ComputeConfig {
  const cpu = readChoice(reader, section, "cpu", [...fargateMemoryMibByCpu.keys()]);
  const memoryMib = readInteger(reader, section, "memory", { min: 512, max: 122880 });
  const desiredCount = readInteger(reader, section, "desired_count", { min: 0, max: taskCountMax });
  const maxCount = readInteger(reader, section, "max_count", { min: 1, max: taskCountMax });
  const containerPort = readInteger(reader, section, "container_port", { min: 1, max: 65535 });
  const image = readAppImage(reader, section, context.projectFiles);
  const healthCheckPath = readString(reader, section, "health_check_path", {
    pattern: /^\/\S*$/,
    expected: "a URL path starting with \"/\"",
  });
  const domainName = readString(reader, section, "domain", {
    pattern: hostnamePattern,
    expected: "a lower-case DNS name like \"api.example.com\"",
  });
  const certificateArn = readString(reader, section, "certificate_arn", {
    pattern: certificateArnPattern,
    expected: "an ACM certificate ARN",
  });
  const resolved: ComputeConfig = {
    cpu: cpu ?? defaults.cpu,
    memoryMib: memoryMib ?? defaultMemoryMib(cpu, defaults.memoryMib),
    desiredCount: desiredCount ?? defaults.desiredCount,
    maxCount: maxCount ?? Math.max(defaults.maxCount, desiredCount ?? defaults.desiredCount),
    containerPort: containerPort ?? defaults.containerPort,
    healthCheckPath: healthCheckPath ?? defaults.healthCheckPath,
    image,
    ...(domainName !== undefined ? { domainName } : {}),
    ...(certificateArn !== undefined ? { certificateArn } : {}),
  };
  checkCompute(reader, section.path, resolved, context);
  return resolved;
}

/**
 * Memory left out: the environment's default if it fits the chosen cpu, else the smallest size
 * Fargate offers for that cpu (so `cpu = 2048` alone is valid).
 */
function defaultMemoryMib(cpu: number | undefined, environmentDefault: number): number {
  if (cpu === undefined) return environmentDefault;
  const valid = fargateMemoryMibByCpu.get(cpu) ?? [];
  return valid.includes(environmentDefault) ? environmentDefault : (valid[0] ?? environmentDefault);
}

/** Rules across keys: each names the key the user wrote (or the one to add). */
function checkCompute(
  reader: ConfigReader,
  path: string,
  compute: ComputeConfig,
  context: { readonly environment: Environment; readonly region: string },
): void {
  const memoryValid = fargateMemoryMibByCpu.get(compute.cpu) ?? [];
  const sizeKeys = [`${path}.cpu`, `${path}.memory`];
  if (!anyInvalid(reader, sizeKeys) && !memoryValid.includes(compute.memoryMib)) {
    const key = reader.sources[`${path}.memory`] ? "memory" : "cpu";
    report(reader, `${path}.${key}`, "config/invalidCombination",
      `Fargate has no task size with cpu = ${compute.cpu} and memory = ${compute.memoryMib}`,
      `with cpu = ${compute.cpu}, memory must be one of ${describeList(memoryValid)}`);
  }
  checkHttps(reader, path, compute, context.region);
  if (anyInvalid(reader, [`${path}.desired_count`, `${path}.max_count`])) return;
  if (context.environment === "prod" && compute.desiredCount < 1) {
    report(reader, `${path}.desired_count`, "config/invalidCombination",
      `'${path}.desired_count' must be at least 1 in prod, but it is ${compute.desiredCount}`);
  }
  if (compute.maxCount < compute.desiredCount) {
    report(reader, `${path}.max_count`, "config/invalidCombination",
      `'${path}.max_count' (${compute.maxCount}) is below desired_count ` +
        `(${compute.desiredCount})`);
  }
}

function checkHttps(reader: ConfigReader, path: string, compute: ComputeConfig, region: string) {
  if (anyInvalid(reader, [`${path}.domain`, `${path}.certificate_arn`])) return;
  if ((compute.domainName === undefined) !== (compute.certificateArn === undefined)) {
    const present = compute.domainName !== undefined ? "domain" : "certificate_arn";
    const missing = present === "domain" ? "certificate_arn" : "domain";
    report(reader, `${path}.${present}`, "config/invalidCombination",
      `'${path}.${present}' is set but '${path}.${missing}' is not: HTTPS needs both`,
      `add ${missing} to [${path}], or remove ${present}`);
    return;
  }
  const certificateRegion = compute.certificateArn?.split(":")[3];
  if (certificateRegion !== undefined && certificateRegion !== region) {
    report(reader, `${path}.certificate_arn`, "config/invalidCombination",
      `the certificate is in ${certificateRegion} but the load balancer is in ${region}`,
      "a load balancer can only use an ACM certificate from its own region");
  }
}

function describeList(values: readonly number[]): string {
  if (values.length <= 4) return values.join(", ");
  const step = values[1]! - values[0]!;
  return `${values[0]} to ${values[values.length - 1]} in steps of ${step}`;
}
