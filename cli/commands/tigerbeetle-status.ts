/**
 * `dazzle tigerbeetle status`: how the project's deployed TigerBeetle cluster is doing, from
 * AWS alone (Auto Scaling, EC2, SSM, CloudWatch; read-only). Exit 0 healthy, 1 degraded, 2 when
 * the status cannot be read. See docs/troubleshooting.md.
 */
import { autoScalingClient, awsErrorText, cloudWatchClient, ec2Client,
  ssmClient } from "../../aws/clients.ts";
import { evaluateCluster } from "../../status/cluster-status.ts";
import { observeCluster } from "../../status/observe-cluster.ts";
import { renderStatusJson, renderStatusText } from "../../status/render.ts";
import type { CommandContext } from "../command.ts";
import { jsonFlag, envFlag, projectFlag } from "../common-flags.ts";
import { ExitError, UserError } from "../errors.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { operatorAws } from "../operator-aws.ts";
import { paint } from "../output.ts";
import { planProject, resolveProjectDir, selectedEnvironment } from "../project.ts";

export const usage = `dazzle tigerbeetle status [-p DIR] [--json]
Show how the deployed TigerBeetle cluster is doing: per replica its instance (from its Auto
Scaling group), state, address, nodes/ registration, formatted marker, last agent metric and
version; for the cluster the replica count and whether a quorum is up. Uses the standard AWS
settings (credentials, AWS_PROFILE, AWS_ENDPOINT_URL). Exit 0 healthy, 1 degraded, 2 error.

Examples:
  dazzle tigerbeetle status
  dazzle tigerbeetle status --json | jq '.replicas[] | {replica, state, problems}'`;

export const flags: FlagSpecs = {
  project: projectFlag,
  env: envFlag,
  json: jsonFlag,
};

/** Exit codes: the status could not be read at all. */
const errorExitCode = 2;

export async function run(context: CommandContext): Promise<number> {
  const values = parseFlags(context.args, flags, { positionalsMax: 0 }).values;
  const projectDir = resolveProjectDir(context, values["project"]);
  const { plan } = await planProject(context, projectDir,
    selectedEnvironment(context, values["env"]), { planWarnings: false })
    .catch((error: unknown) => {
      throw asStatusError(error);
    });
  const tigerbeetle = plan.aws.tigerbeetle;
  if (tigerbeetle === undefined) {
    throw new UserError("status/noCluster", "this project has no TigerBeetle cluster (no " +
      "ledger in the DSL, or [deploy.tigerbeetle] enabled = false)", undefined, errorExitCode);
  }
  const options = operatorAws(context, plan.aws.region);
  const clients = { ssm: ssmClient(options), autoScaling: autoScalingClient(options),
    ec2: ec2Client(options), cloudWatch: cloudWatchClient(options) };
  const now = new Date();
  let observation;
  try {
    observation = await observeCluster(clients, { app: plan.aws.app,
      environment: plan.aws.environment, region: plan.aws.region,
      configuredReplicaCount: tigerbeetle.replicaCount }, now);
  } catch (error) {
    const noCredentials = error instanceof Error && error.name === "CredentialsProviderError";
    throw new UserError("status/unreadable", noCredentials
      ? "no AWS credentials: the cluster's status is read from your AWS account"
      : `could not read the cluster's status in ${plan.aws.region}: ${awsErrorText(error)}`,
      noCredentials ?
        "configure them as for the AWS CLI (AWS_PROFILE, aws sso login, or " +
        "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"
        : "check that AWS (or AWS_ENDPOINT_URL) can be reached from here, and that the " +
          "credentials have the read-only permissions needed: " +
          "autoscaling:DescribeAutoScalingGroups, ec2:DescribeInstances, " +
          "ssm:GetParametersByPath, cloudwatch:GetMetricData", errorExitCode);
  }
  if (observation.settings.addresses === undefined && observation.groups.size === 0) {
    throw new UserError("status/notDeployed",
      `no TigerBeetle cluster ${observation.cluster} is deployed in ` +
        `${plan.aws.region} (no SSM parameters under ${observation.prefix}, no Auto Scaling ` +
        "groups)", "deploy the stacks first (README, \"First deploy\"), or check --project and " +
      "the AWS account and region", errorExitCode);
  }
  const status = evaluateCluster(observation, now);
  context.stdout(values["json"] === true ?
    renderStatusJson(status)
    : renderStatusText(status, (colour, text) => paint(context.color, colour, text)));
  return status.health === "healthy" ? 0 : 1;
}

/**
 * A project that cannot be read or planned is an error of this command (exit 2), never a
 * "degraded" cluster (exit 1), which a monitor would take for a statement about the cluster.
 */
function asStatusError(error: unknown): unknown {
  if (error instanceof ExitError) return new ExitError(errorExitCode);
  if (error instanceof UserError) {
    return new UserError(error.code, error.message, error.hint, errorExitCode);
  }
  return error;
}
