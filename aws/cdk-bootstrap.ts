/**
 * Is the account/region bootstrapped for the CDK, and how recently? `cdk bootstrap` records its
 * template version in SSM (`/cdk-bootstrap/<qualifier>/version`); every synthesized stack
 * refuses to deploy below the version it needs (its `CheckBootstrapVersion` rule). Reading the
 * parameter before a deploy turns that late CloudFormation failure into a preflight finding.
 */
import { GetParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { CdkBootstrapReading } from "../preflight/index.ts";
import { awsErrorText } from "./clients.ts";

/** The default qualifier's parameter: what `cdk bootstrap` writes and the stacks read. */
const defaultBootstrapParameter = "/cdk-bootstrap/hnb659fds/version";

export async function readCdkBootstrap(
  ssm: SSMClient,
  parameterName = defaultBootstrapParameter,
): Promise<CdkBootstrapReading> {
  try {
    const answer = await ssm.send(new GetParameterCommand({ Name: parameterName }));
    const value = answer.Parameter?.Value ?? "";
    const version = /^\d+$/.test(value) ? Number(value) : undefined;
    return version === undefined
      ? { parameterName, status: "unreadable", reason: `its value is ${JSON.stringify(value)}` }
      : { parameterName, status: "found", version };
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "ParameterNotFound") return { parameterName, status: "missing" };
    if (name === "CredentialsProviderError") return { parameterName, status: "no-credentials" };
    return { parameterName, status: "unreadable", reason: awsErrorText(error) };
  }
}
