/**
 * InfraRequirements + resolved dazzle.toml → AWSRequirements: every concrete AWS choice.
 */
import type { DeployConfig } from "../ir/deploy-config.ts";
import type { InfraRequirements } from "../ir/infra-requirements.ts";
import type { AWSRequirements } from "../ir/aws-requirements.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { bucketVariable } from "./infra.ts";
import { planCompute } from "./compute.ts";
import { planDatabase } from "./database.ts";
import { removalPolicyFor } from "./environment.ts";
import { planMessaging } from "./messaging.ts";
import { planNetwork } from "./network.ts";
import { planTigerBeetle } from "./tigerbeetle.ts";

export function planAws(
  infra: InfraRequirements,
  config: DeployConfig,
  /** The version of the dazzle that plans (and so writes the nodes' agent command line). */
  generator: { readonly dazzleVersion: string },
  diagnostics: Diagnostic[],
): AWSRequirements {
  const ledgerReplicaCount = infra.ledgerCluster && config.tigerbeetle.enabled
    ? config.tigerbeetle.nodeCount
    : 0;
  const network = planNetwork(config, { ledgerReplicaCount }, diagnostics);
  const tigerbeetle = planTigerBeetle(infra.ledgerCluster, config, infra.app, network, generator,
    diagnostics);
  const database = planDatabase(infra.database, config, infra.app, diagnostics);
  const objectStorage = infra.objectStorage ?
    {
      versioned: true as const,
      removalPolicy: removalPolicyFor(config.environment, "retain"),
      environmentVariable: bucketVariable,
    } :
    undefined;
  return {
    app: infra.app,
    environment: config.environment,
    region: config.region,
    ...(config.account ? { account: config.account } : {}),
    ...(tigerbeetle ? { tigerbeetle } : {}),
    network,
    ...(database ? { database } : {}),
    ...(objectStorage ? { objectStorage } : {}),
    messaging: planMessaging(infra, config.environment, diagnostics),
    compute: planCompute(infra, config, tigerbeetle, diagnostics),
    observability: {
      ...(config.observability.alarmEmail ? { alarmEmail: config.observability.alarmEmail } : {}),
      logRetentionDays: config.observability.logRetentionDays,
    },
  };
}
