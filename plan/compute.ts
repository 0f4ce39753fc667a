/**
 * Compute plan: the Fargate service, its image, size, scaling, and what its container sees.
 * Literal environment values are only non-secret ones known at plan time; queue URLs and
 * bucket names are wired by the Compute stack from the constructs themselves.
 */
import type { DeployConfig } from "../ir/deploy-config.ts";
import type { InfraRequirements } from "../ir/infra-requirements.ts";
import type { ComputeSecretSpec, ComputeSpec,
  TigerBeetleClusterSpec } from "../ir/aws-requirements.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { planCode } from "./codes.ts";
import { removalPolicyFor } from "./environment.ts";
import { byName } from "./order.ts";

/** Scale out when average CPU passes this, percent. */
const cpuTargetUtilizationPercent = 70;

/** DATABASE_* variable → field of the RDS-generated credentials secret (JSON). */
const databaseSecretFields: readonly [string, string][] = [
  ["DATABASE_HOST", "host"],
  ["DATABASE_NAME", "dbname"],
  ["DATABASE_PASSWORD", "password"],
  ["DATABASE_PORT", "port"],
  ["DATABASE_USER", "username"],
];

/** The two ways to give the app an image: said by plan and by preflight alike. */
export const noAppImageRemedy = "add a Dockerfile to the project folder (`cdk deploy` builds " +
  "and pushes it; path and context: [deploy.compute] dockerfile, build_context), or set " +
  "[deploy.compute] image = \"registry/ref:tag\"";

export function planCompute(
  infra: InfraRequirements,
  config: DeployConfig,
  tigerbeetle: TigerBeetleClusterSpec | undefined,
  diagnostics: Diagnostic[],
): ComputeSpec {
  const settings = config.compute;
  const prefix = `${infra.app}-${config.environment}`;
  const environment: { name: string; value: string }[] = [
    { name: "APP_ENV", value: config.environment },
  ];
  if (tigerbeetle) {
    environment.push({ name: "TIGERBEETLE_ADDRESSES", value: tigerbeetle.addresses }, {
      name: "TIGERBEETLE_CLUSTER_ID",
      value: tigerbeetle.clusterId,
    });
  }
  const secrets: ComputeSecretSpec[] = infra.database
    ? databaseSecretFields.map(([name, path]) => ({ name, source: "database" as const, path }))
    : [];
  const taken = new Set([...infra.environmentVariables.map((v) => v.name)]);
  for (const secret of config.secrets) {
    if (taken.has(secret.name)) {
      diagnostics.push({ ...planCode("plan/duplicateResourceName"),
        message: `[deploy.secrets] ${secret.name} clashes with a variable dazzle sets itself`,
        ...(secret.span ? { span: secret.span } : {}), hint: "choose another name" });
      continue;
    }
    taken.add(secret.name);
    secrets.push({ name: secret.name, source: secret.source, path: secret.path });
  }
  // No image: no task could ever start, so none is asked for (CloudFormation would otherwise
  // wait on them until the deployment circuit breaker rolls the whole stack back).
  const desiredCount = settings.image.source === "none" ? 0 : settings.desiredCount;
  if (settings.image.source === "none") {
    diagnostics.push({ ...planCode("plan/noAppImage"),
      message: `the app has no container image: service ${prefix}-app is created with 0 ` +
        "tasks (desired count 0) until it has one", hint: noAppImageRemedy });
  }
  return {
    repositoryName: prefix,
    image: settings.image,
    clusterName: prefix,
    serviceName: `${prefix}-app`,
    cpu: settings.cpu,
    memoryMib: settings.memoryMib,
    desiredCount,
    minCount: desiredCount,
    maxCount: Math.max(settings.maxCount, desiredCount),
    containerPort: settings.containerPort,
    healthCheckPath: settings.healthCheckPath,
    cpuTargetUtilizationPercent,
    ...planHttps(config, diagnostics),
    logGroupName: `/${infra.app}/${config.environment}/app`,
    logRetentionDays: config.observability.logRetentionDays,
    environment: environment.sort(byName),
    secrets: secrets.sort(byName),
    removalPolicy: removalPolicyFor(config.environment, "retain"),
  };
}

function planHttps(config: DeployConfig, diagnostics: Diagnostic[]) {
  const { domainName, certificateArn } = config.compute;
  if (domainName && certificateArn) return { https: { domainName, certificateArn } };
  if (domainName || certificateArn) {
    const key = domainName ? "deploy.compute.domain" : "deploy.compute.certificate_arn";
    const span = config.sources[key];
    diagnostics.push({ ...planCode("plan/invalidHttps"),
      message: "HTTPS needs both a domain and a certificate ARN; only one is set",
      ...(span ? { span } : {}), hint: "set both, or neither for plain HTTP" });
  }
  return {};
}
