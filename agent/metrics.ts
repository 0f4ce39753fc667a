/**
 * The agent's own liveness and quorum metrics (TigerBeetle's StatsD needs --experimental, which
 * can crash a replica during an automatic upgrade). Namespace `Dazzle/{app}`, dimensions App,
 * Environment, Replica (ir/tigerbeetle-node.ts).
 */
import { agentMetricNames } from "../ir/tigerbeetle-node.ts";
import type { ClusterSettings } from "./cluster-settings.ts";
import type { AgentConfig } from "./config.ts";
import type { MetricDatum } from "./ports.ts";
import { quorums } from "../ir/tigerbeetle-cluster.ts";
import { type AgentState, phaseCodes } from "./state.ts";
import { registeredReplicas } from "./observe.ts";

export function metricDimensions(config: AgentConfig) {
  return [
    { name: "App", value: config.app },
    { name: "Environment", value: config.environment },
    { name: "Replica", value: String(config.replica) },
  ] as const;
}

/** Pure: the data points for the current state. */
export function metricData(state: AgentState, usedPercent: number | undefined): MetricDatum[] {
  const running = state.process.state === "running";
  const settings = state.cloud?.settings;
  const complete = settings !== undefined && "clusterId" in settings;
  const registered = complete ? registeredReplicas(settings, state.cloud!).size : 0;
  const data: MetricDatum[] = [
    { name: agentMetricNames.heartbeat, value: 1, unit: "Count" },
    { name: agentMetricNames.replicaUp, value: running ? 1 : 0, unit: "Count" },
    { name: agentMetricNames.restarts, value: state.restartCount, unit: "Count" },
    { name: agentMetricNames.registeredPeers, value: registered, unit: "Count" },
    { name: agentMetricNames.quorumReachable,
      value: complete && quorumReachable(state, settings) ? 1 : 0, unit: "Count" },
    { name: agentMetricNames.phase, value: phaseCodes[state.phase], unit: "None" },
    { name: agentMetricNames.dataLossHalt, value: state.dataLossHalt ? 1 : 0, unit: "Count" },
  ];
  if (usedPercent !== undefined) {
    data.push({ name: agentMetricNames.dataVolumeUsedPercent, value: usedPercent,
      unit: "Percent" });
  }
  return data;
}

function quorumReachable(state: AgentState, settings: ClusterSettings): boolean {
  const self = state.process.state === "running" ? 1 : 0;
  return (state.answeringPeers?.size ?? 0) + self >= quorums(settings.replicaCount).viewChange;
}

export async function publishMetrics(config: AgentConfig, deps: import("./ports.ts").Deps,
  state: AgentState): Promise<void> {
  const usedPercent = state.storageReady ?
    await deps.storage.usedPercent(config.dataDir)
    : undefined;
  await deps.metrics.publish(config.metricsNamespace, metricDimensions(config),
    metricData(state, usedPercent));
  state.metricsPublishedAtMs = deps.clock.nowMs();
}
