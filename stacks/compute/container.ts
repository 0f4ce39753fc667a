/**
 * The app's task definition and container: image, size, logs, literal environment, and the
 * values it reads at start from Secrets Manager / SSM (never written into the template).
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import { IgnoreMode, Stage } from "aws-cdk-lib/core";
import type * as ecr from "aws-cdk-lib/aws-ecr";
import { Platform } from "aws-cdk-lib/aws-ecr-assets";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as ssm from "aws-cdk-lib/aws-ssm";
import type { Construct } from "constructs";
import type { ComputeSecretSpec, ComputeSpec } from "../../ir/aws-requirements.ts";
import { toRemovalPolicy } from "../removal-policy.ts";
import { StackInputError } from "../stack-input-error.ts";

/** The tag a hand-pushed image would carry; only referenced while the service has no tasks. */
const placeholderImageTag = "latest";

export interface ContainerInputs {
  readonly spec: ComputeSpec;
  readonly repository: ecr.IRepository;
  /** Values known only at deploy time (queue URLs, bucket and bus names), by variable name. */
  readonly wiredEnvironment: Readonly<Record<string, string>>;
  readonly databaseSecret?: secretsmanager.ISecret;
  /**
   * The project folder, absolute: a Dockerfile image's build context is relative to it. Given
   * by `deploy synth` and by the generated app (bin/app.ts), each from where it runs.
   */
  readonly projectDir?: string;
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
    image: containerImage(scope, inputs),
    essential: true,
    portMappings: [{ containerPort: spec.containerPort, protocol: ecs.Protocol.TCP }],
    environment,
    secrets: containerSecrets(scope, spec.secrets, inputs.databaseSecret),
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: "app" }),
    readonlyRootFilesystem: false,
  });
  return { taskDefinition, container, logGroup };
}

/**
 * The three image sources (ir/deploy-config.ts). A Dockerfile becomes an image asset: synth
 * stages the context and writes its docker manifest, `cdk deploy` builds and pushes it to the
 * bootstrap repository before CloudFormation needs it. Built for linux/amd64, the task's CPU.
 */
function containerImage(scope: Construct, inputs: ContainerInputs): ecs.ContainerImage {
  const image = inputs.spec.image;
  switch (image.source) {
    case "registry":
      return ecs.ContainerImage.fromRegistry(image.uri);
    case "dockerfile": {
      if (inputs.projectDir === undefined) {
        throw new StackInputError("the app image is built from a Dockerfile, but the project " +
          "folder was not given to the stacks (buildStacks options.projectDir)");
      }
      const context = image.buildContext === "." ?
        inputs.projectDir
        : `${inputs.projectDir.replace(/\/+$/, "")}/${image.buildContext}`;
      return ecs.ContainerImage.fromAsset(context, {
        file: image.dockerfile,
        exclude: [...image.exclude, ...assemblyExclusion(scope, context)],
        ignoreMode: IgnoreMode.DOCKER,
        platform: Platform.LINUX_AMD64,
      });
    }
    case "none":
      // Never pulled: the service has no tasks until the project has an image (plan/compute.ts).
      return ecs.ContainerImage.fromEcrRepository(inputs.repository, placeholderImageTag);
  }
}

/**
 * The cloud assembly folder being written, when it lies inside the build context (`deploy
 * synth --out DIR` with DIR in the project, or a generated app outside `infra/`): synth copies
 * the context into the assembly, so the folder would copy itself until the path is too long.
 * aws-cdk-lib excludes it by its absolute path, which a `.dockerignore`-style pattern never
 * matches. An assembly that is the context itself cannot be kept apart: refused.
 */
function assemblyExclusion(scope: Construct, context: string): string[] {
  const outdir = Stage.of(scope)?.outdir;
  if (outdir === undefined) return [];
  const fromContext = relative(resolve(context), resolve(outdir));
  if (fromContext === "") {
    throw new StackInputError(`the cloud assembly folder ${outdir} is the app image's build ` +
      "context: synth would copy the folder into itself; write the assembly elsewhere (--out)");
  }
  const outside = fromContext === ".." || fromContext.startsWith(`..${sep}`);
  if (outside || isAbsolute(fromContext)) return [];
  return [fromContext.split(sep).join("/")];
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
        scope,
        `Secret-${secret.name}`,
        { parameterName: secret.path },
      ));
    case "secretsmanager":
      return ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(
        scope,
        `Secret-${secret.name}`,
        secret.path,
      ));
  }
}
