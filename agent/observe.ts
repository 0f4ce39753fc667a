/**
 * Observe: read everything decide() needs. AWS is read every tick while bootstrapping, except
 * right after a step that changed only this host (`cloudCurrent`) if the view is younger than
 * `pollMsConverging`, and at most every `pollMsSteady` once TigerBeetle runs; files and the
 * process every tick.
 */
import { tagCluster, tagReplica, clusterTagValue, dataFileName, readNodeEntries,
  ssmNames } from "../ir/tigerbeetle-node.ts";
import { quorums } from "../ir/tigerbeetle-cluster.ts";
import { formatAddress } from "./addresses.ts";
import { type ClusterSettings, parseClusterSettings } from "./cluster-settings.ts";
import type { AgentConfig } from "./config.ts";
import { pollMsConverging, pollMsSteady, probeTimeoutMs } from "./constants.ts";
import type { Observation } from "./decide.ts";
import { checkHost } from "./host-checks.ts";
import type { Deps } from "./ports.ts";
import type { AgentState, CloudView } from "./state.ts";
import { join } from "node:path";

export async function observe(config: AgentConfig, deps: Deps,
  state: AgentState): Promise<Observation> {
  const nowMs = deps.clock.nowMs();
  const running = state.process.state === "running";
  const ageMs = nowMs - (state.cloud?.observedAtMs ?? Number.NEGATIVE_INFINITY);
  const stale = state.cloud === undefined || state.cloudDirty || (running
    ? ageMs >= runningPollMs(state)
    : !(state.cloudCurrent && ageMs < pollMsConverging));
  state.cloudCurrent = false;
  if (stale) {
    state.cloud = await observeCloud(config, deps, nowMs);
    state.cloudDirty = false;
  }
  const cloud = state.cloud!;
  await observeStorage(config, deps, state, cloud, nowMs);
  const settings = cloud.settings;
  const complete = "clusterId" in settings;
  const dataFilePresent = complete && state.storageReady &&
    await deps.files.exists(dataFilePath(config, settings));
  if (complete) await observePeers(config, deps, state, settings, dataFilePresent, cloud, nowMs);
  const ownIpBindable = complete && state.storageReady && state.process.state !== "running" &&
    await deps.probe.bindable(settings.addresses[config.replica]!.ip);
  return {
    nowMs,
    replica: config.replica,
    development: config.development,
    shutdownRequested: deps.shutdownRequested(),
    instanceId: state.identity.instanceId,
    metadataIp: state.identity.privateIp,
    settings,
    volumes: cloud.volumes,
    interfaces: cloud.interfaces,
    storageReady: state.storageReady,
    hostFindings: state.hostFindings,
    dataFilePresent,
    marker: cloud.marker,
    registration: cloud.registrations.find((entry) =>
      entry.replica === config.replica &&
      entry.instanceId === state.identity.instanceId
    )?.address,
    registeredReplicas: complete ? registeredReplicas(settings, cloud) : new Set(),
    answeringPeers: state.answeringPeers,
    ownIpBindable,
    process: state.process,
    restartTimesMs: state.restartTimesMs,
    waiting: state.waiting,
    waitMsMax: config.waitMsMax,
    signaled: state.signaled,
    listening: state.listening,
    clusterAnswered: state.clusterAnswered,
  };
}

/**
 * One recursive SSM read (settings, markers, registrations) and two EC2 reads by tag, at once:
 * a tick waits for the slowest of them, not for their sum.
 */
async function observeCloud(config: AgentConfig, deps: Deps, nowMs: number): Promise<CloudView> {
  const prefix = config.ssmPrefix;
  const tags = replicaTags(config);
  const [parameters, volumes, interfaces] = await Promise.all([deps.ssm.listByPath(prefix),
    deps.ec2.findVolumes(tags), deps.ec2.findInterfaces(tags)]);
  const byName = new Map(parameters.map((parameter) => [parameter.name, parameter.value]));
  const settings = parseClusterSettings({
    clusterId: byName.get(ssmNames.clusterId(prefix)),
    replicaCount: byName.get(ssmNames.replicaCount(prefix)),
    addresses: byName.get(ssmNames.addresses(prefix)),
    version: byName.get(ssmNames.version(prefix)),
  }, config.replica);
  return {
    settings,
    marker: byName.get(ssmNames.formatted(prefix, config.replica)),
    registrations: readNodeEntries(prefix, byName).registrations,
    volumes,
    interfaces,
    observedAtMs: nowMs,
  };
}

async function observeStorage(config: AgentConfig, deps: Deps, state: AgentState, cloud: CloudView,
  nowMs: number): Promise<void> {
  const volume = cloud.volumes[0];
  const attached = volume !== undefined &&
    volume.attachments.some((a) => a.instanceId === state.identity.instanceId);
  if (!attached) {
    state.storageReady = false;
    return;
  }
  const due = state.process.state !== "running" || nowMs - state.storageCheckedAtMs >= pollMsSteady;
  if (due) {
    state.storageReady = await deps.storage.isReady(volume.volumeId, config.dataDir);
    state.storageCheckedAtMs = nowMs;
  }
  if (state.storageReady && state.hostFindings === undefined) {
    // Host facts do not change while the agent runs: observe them once, on the data volume.
    state.hostFindings = checkHost(await deps.hostFacts.observe(config.dataDir));
    for (const finding of state.hostFindings) {
      deps.log.warn(`host check ${finding.id}: ${finding.message}` +
        (config.development ? " (ignored: --development)" : ""));
    }
  }
}

/**
 * Probe peers when recovery waits for a quorum, when the first start waits for peers that have
 * not registered, and every poll while running (metrics). Waiting for peers: a peer that
 * answers on its address is there even unregistered; during a rolling upgrade from a dazzle
 * that registered as `nodes/{instance-id}` (not counted) that is how its replicas are seen.
 */
async function observePeers(config: AgentConfig, deps: Deps, state: AgentState,
  settings: ClusterSettings, dataFilePresent: boolean, cloud: CloudView, nowMs: number) {
  const recovering = state.storageReady && !dataFilePresent && cloud.marker !== undefined;
  const waitingForPeers = state.storageReady && dataFilePresent &&
    state.process.state === "absent" &&
    registeredReplicas(settings, cloud).size < quorums(settings.replicaCount).viewChange;
  const running = state.process.state === "running";
  const due = nowMs - state.probedAtMs >= (running ? runningPollMs(state) : 0);
  if (!(recovering || waitingForPeers || running) || !due) return;
  const peers = [...settings.addresses.keys()].filter((index) => index !== config.replica);
  const results = await Promise.all(
    peers.map((index) => deps.probe.reachable(settings.addresses[index]!, probeTimeoutMs)),
  );
  state.answeringPeers = new Set(peers.filter((_, at) => results[at]));
  state.probedAtMs = nowMs;
}

/** Poll slowly once the whole cluster is registered and answering, quickly until then. */
function runningPollMs(state: AgentState): number {
  const settings = state.cloud?.settings;
  if (state.cloud === undefined || settings === undefined || !("clusterId" in settings)) {
    return pollMsConverging;
  }
  const complete = registeredReplicas(settings, state.cloud).size === settings.replicaCount &&
    state.answeringPeers?.size === settings.replicaCount - 1;
  return complete ? pollMsSteady : pollMsConverging;
}

/** Replicas with a registration (under their own index) that names their own address. */
export function registeredReplicas(settings: ClusterSettings, cloud: CloudView): Set<number> {
  const registered = new Set<number>();
  for (const registration of cloud.registrations) {
    const address = settings.addresses[registration.replica];
    if (address !== undefined && registration.address === formatAddress(address)) {
      registered.add(registration.replica);
    }
  }
  return registered;
}

function replicaTags(config: AgentConfig) {
  return [
    { key: tagCluster, value: clusterTagValue(config.app, config.environment) },
    { key: tagReplica, value: String(config.replica) },
  ] as const;
}

export function dataFilePath(config: AgentConfig, settings: ClusterSettings): string {
  return join(config.dataDir, dataFileName(settings.clusterId, config.replica));
}
