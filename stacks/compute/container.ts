/**
 * The app's task definition and container: image, size, logs, literal environment, and the
 * values it reads at start from Secrets Manager / SSM (never written into the template).
 */
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as ssm from "aws-cdk-lib/aws-ssm";
import type { Construct } from "constructs";
import type { ComputeSecretSpec, ComputeSpec } from "../../ir/aws-requirements.ts";
import { toRemovalPolicy } from "../removal-policy.ts";

export interface ContainerInputs {
  readonly spec: ComputeSpec;
  readonly repository: ecr.IRepository;
  /** Values known only at deploy time (queue URLs, bucket and bus names), by variable name. */
  readonly wiredEnvironment: Readonly<Record<string, string>>;
  readonly databaseSecret?: secretsmanager.ISecret;
}

export function createTaskDefinition(scope: Construct, inputs: ContainerInputs) {
  const spec = inputs.spec;
  const taskDefinition = new ecs.FargateTaskDefinition(scope, "TaskDefinition", {
    cpu: spec.cpu,
    memoryLimitMiB: spec.memoryMib,
    runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64,
      operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
  });
  const logGroup = new logs.LogGroup(scope, "AppLogs", {
    logGroupName: spec.logGroupName,
    retention: spec.logRetentionDays as logs.RetentionDays,
    removalPolicy: toRemovalPolicy(spec.removalPolicy),
  });
  const environment: Record<string, string> = {};
  for (const variable of spec.environment) environment[variable.name] = variable.value;
  for (const name of Object.keys(inputs.wiredEnvironment).sort()) {
    environment[name] = inputs.wiredEnvironment[name]!;
  }
  const container = taskDefinition.addContainer("App", {
    image: spec.image
      ? ecs.ContainerImage.fromRegistry(spec.image)
      : ecs.ContainerImage.fromEcrRepository(inputs.repository, spec.imageTag),
    essential: true,
    portMappings: [{ containerPort: spec.containerPort, protocol: ecs.Protocol.TCP }],
    environment,
    secrets: containerSecrets(scope, spec.secrets, inputs.databaseSecret),
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: "app" }),
    readonlyRootFilesystem: false,
  });
  return { taskDefinition, container, logGroup };
}

function containerSecrets(
  scope: Construct,
  secrets: readonly ComputeSecretSpec[],
  databaseSecret: secretsmanager.ISecret | undefined,
): Record<string, ecs.Secret> {
  const result: Record<string, ecs.Secret> = {};
  for (const secret of secrets) {
    result[secret.name] = containerSecret(scope, secret, databaseSecret);
  }
  return result;
}

function containerSecret(
  scope: Construct,
  secret: ComputeSecretSpec,
  databaseSecret: secretsmanager.ISecret | undefined,
): ecs.Secret {
  switch (secret.source) {
    case "database":
      if (!databaseSecret) throw new Error(`internal: ${secret.name} needs the database secret`);
      return ecs.Secret.fromSecretsManager(databaseSecret, secret.path);
    case "ssm":
      return ecs.Secret.fromSsmParameter(ssm.StringParameter.fromSecureStringParameterAttributes(
        scope, `Secret-${secret.name}`, { parameterName: secret.path }));
    case "secretsmanager":
      return ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(
        scope, `Secret-${secret.name}`, secret.path));
  }
}
