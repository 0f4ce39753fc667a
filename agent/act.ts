/**
 * Act: carry out the one step decide() chose. Each step re-checks, right before its effect, the
 * facts that make it safe (paired with decide's rules): a broken one is a programmer error and
 * crashes the agent before anything is written.
 */
import { ssmNames } from "../ir/tigerbeetle-node.ts";
import { assert, assertNever } from "./assert.ts";
import type { ClusterSettings } from "./cluster-settings.ts";
import { type AgentConfig, dataDeviceName, interfaceDeviceIndex } from "./config.ts";
import { clientRequestTimeoutMs, formatTimeoutMs, restartWindowMs } from "./constants.ts";
import type { Action } from "./decide.ts";
import { dataFilePath } from "./observe.ts";
import type { Deps } from "./ports.ts";
import { runToCompletion, startSupervised, stopSupervised } from "./process.ts";
import type { AgentState } from "./state.ts";
import { clientRequestAnswered, clientRequestArgs, formatArgs, recoverArgs,
  startArgs } from "./tigerbeetle-cli.ts";

/** What the loop does after a step: go on, or end with an exit code. */
export type StepOutcome = { readonly kind: "continue" } | { readonly kind: "exit";
  readonly code: number };

const proceed: StepOutcome = { kind: "continue" };

/** Steps other than wait/halt/exit; wait/halt/exit are handled by the loop itself. */
export async function act(config: AgentConfig, deps: Deps, state: AgentState,
  action: Action): Promise<StepOutcome> {
  const settings = state.cloud?.settings as ClusterSettings;
  const instanceId = state.identity.instanceId;
  switch (action.kind) {
    case "attachVolume": {
      const result = await deps.ec2.attachVolume(action.volumeId, instanceId, dataDeviceName);
      deps.log.info(`attach volume ${action.volumeId}: ${result}`);
      state.cloudDirty = true;
      return proceed;
    }
    case "attachInterface": {
      const result = await deps.ec2.attachInterface(action.interfaceId, instanceId,
        interfaceDeviceIndex);
      deps.log.info(`attach network interface ${action.interfaceId}: ${result}`);
      state.cloudDirty = true;
      return proceed;
    }
    case "prepareStorage":
      await deps.storage.prepare(action.volumeId, dataDeviceName, config.dataDir);
      state.storageCheckedAtMs = Number.NEGATIVE_INFINITY;
      state.cloudCurrent = true;
      return proceed;
    case "format":
      await format(config, deps, state, settings);
      state.cloudCurrent = true;
      return proceed;
    case "writeMarker":
      await writeMarker(config, deps, state);
      return proceed;
    case "recover":
      await recover(config, deps, state, settings);
      state.cloudCurrent = true;
      return proceed;
    case "register":
      await register(config, deps, state, action.address);
      return proceed;
    case "start":
      await start(config, deps, state, settings);
      return proceed;
    case "queryCluster":
      await queryCluster(config, deps, state, settings);
      return proceed;
    case "signalReady":
      deps.log.info(`ready: replica ${config.replica} ${action.because}`);
      if (config.signal !== undefined) {
        await deps.stackSignal.signal(config.signal.stackName, config.signal.logicalId, instanceId,
          "SUCCESS");
        deps.log.info(`signalled SUCCESS to ${config.signal.stackName}/` +
          `${config.signal.logicalId}`);
      }
      state.signaled = true;
      return proceed;
    case "steady":
      return proceed;
    case "stop":
      state.phase = "stopping";
      await stopSupervised(deps, state);
      deps.log.info("tigerbeetle stopped");
      return proceed;
    case "deregister": {
      const name = ssmNames.node(config.ssmPrefix, config.replica, instanceId);
      await deps.ssm.remove(name);
      deps.log.info(`deregistered ${name}`);
      state.cloudDirty = true;
      return proceed;
    }
    case "wait":
    case "halt":
    case "exit":
      assert(false, `act: '${action.kind}' is handled by the loop`);
      return proceed;
    default:
      return assertNever(action, "act: unknown action");
  }
}

/**
 * Format into a temporary path on the data volume, then rename: the data file name appears only
 * once the format completed, so "data file present" always means "a complete data file". A
 * temporary file left by a crash never served a request; it is removed and formatted again.
 * The marker is written afterwards (next tick): a crash between rename and marker leaves "data
 * present, marker absent", which decide() answers with writeMarker, never with a second format.
 */
async function format(config: AgentConfig, deps: Deps, state: AgentState,
  settings: ClusterSettings): Promise<void> {
  const path = dataFilePath(config, settings);
  const temporary = `${path}.formatting`;
  assert(!(await deps.files.exists(path)), `format: data file ${path} exists; never format data`);
  const marker = await deps.ssm.get(ssmNames.formatted(config.ssmPrefix, config.replica));
  assert(marker === undefined, `format: replica ${config.replica} has a marker (${marker}); ` +
    "it was formatted before and must be recovered, never formatted");
  state.phase = "formatting";
  if (await deps.files.exists(temporary)) {
    deps.log.warn(`removing ${temporary}, left by an interrupted format (it never served)`);
    await deps.files.remove(temporary);
  }
  deps.log.info(`formatting replica ${config.replica} of cluster ${settings.clusterId}`);
  await runToCompletion(deps, config.tigerbeetleBin,
    formatArgs(settings, config.replica, config.development, temporary), formatTimeoutMs);
  assert(await deps.files.exists(temporary), "format: exit 0 leaves the formatted file");
  await deps.files.rename(temporary, path);
  assert(await deps.files.exists(path), "format: the data file exists after the rename");
}

/**
 * One client request, bounded: an answer means the cluster commits (registering a client
 * session goes through consensus). It counts only for the TigerBeetle process that was running
 * when it was asked: one that exited meanwhile is never reported ready. A failure is an
 * operating error: the loop retries with backoff.
 */
async function queryCluster(config: AgentConfig, deps: Deps, state: AgentState,
  settings: ClusterSettings): Promise<void> {
  const asked = state.process;
  assert(asked.state === "running", "queryCluster: TigerBeetle runs");
  await runToCompletion(deps, config.tigerbeetleBin, clientRequestArgs(settings),
    clientRequestTimeoutMs, clientRequestAnswered);
  const now = state.process;
  if (now.state === "running" && now.pid === asked.pid) state.clusterAnswered = true;
}

/** Record "replica i was formatted" once, conditionally (Overwrite=false). */
async function writeMarker(config: AgentConfig, deps: Deps, state: AgentState): Promise<void> {
  const name = ssmNames.formatted(config.ssmPrefix, config.replica);
  const volumeId = state.cloud?.volumes[0]?.volumeId;
  assert(volumeId !== undefined, "writeMarker: the volume is known");
  const value = `volume=${volumeId} instance=${state.identity.instanceId} ` +
    `at=${new Date(deps.clock.nowMs()).toISOString()}`;
  const result = await deps.ssm.putIfAbsent(name, value);
  if (result === "created") {
    deps.log.info(`marker ${name} written: ${value}`);
    recordMarker(state, value);
    return;
  }
  // Written already: by this agent before a lost response (same volume), or, if another
  // volume, someone formatted this replica twice. Then this fresh file must never serve.
  const existing = await deps.ssm.get(name);
  assert(existing !== undefined && existing.startsWith(`volume=${volumeId} `),
    `writeMarker: ${name} is '${existing}', another volume than ${volumeId}: replica ` +
      `${config.replica} was formatted twice; refusing to continue`);
  recordMarker(state, existing);
}

/** The marker is in SSM now: the next tick need not re-read SSM and EC2 to learn it. */
function recordMarker(state: AgentState, value: string): void {
  assert(state.cloud !== undefined, "writeMarker: decided on a cloud view");
  state.cloud = { ...state.cloud, marker: value };
  state.cloudCurrent = true;
}

async function recover(config: AgentConfig, deps: Deps, state: AgentState,
  settings: ClusterSettings): Promise<void> {
  const path = dataFilePath(config, settings);
  const temporary = `${path}.recovering`;
  assert(!(await deps.files.exists(path)), `recover: data file ${path} exists; never overwrite`);
  const marker = await deps.ssm.get(ssmNames.formatted(config.ssmPrefix, config.replica));
  assert(marker !== undefined, "recover: only a replica formatted before is recovered");
  assert(settings.replicaCount >= 3, "recover: TigerBeetle refuses it below 3 replicas");
  state.phase = "recovering";
  if (await deps.files.exists(temporary)) await deps.files.remove(temporary);
  deps.log.warn(`replica ${config.replica} lost its data file: recovering from the cluster`);
  await runToCompletion(deps, config.tigerbeetleBin,
    recoverArgs(settings, config.replica, config.development, temporary), formatTimeoutMs);
  assert(await deps.files.exists(temporary), "recover: exit 0 leaves the recovered file");
  await deps.files.rename(temporary, path);
}

/**
 * Register `nodes/{i}/{instance-id}`. Other entries below `nodes/{i}/` are those of earlier
 * instances of this replica, stale now that this node holds the replica's volume (the fence):
 * removed. Other replicas' entries are never touched (the role could not: it writes below
 * `nodes/{i}/` only), nor are `nodes/{instance-id}` entries of an earlier dazzle.
 */
async function register(config: AgentConfig, deps: Deps, state: AgentState,
  address: string): Promise<void> {
  const instanceId = state.identity.instanceId;
  for (const registration of state.cloud?.registrations ?? []) {
    if (registration.replica !== config.replica || registration.instanceId === instanceId) continue;
    const stale = ssmNames.node(config.ssmPrefix, config.replica, registration.instanceId);
    deps.log.info(`removing stale registration ${stale} (${registration.address})`);
    await deps.ssm.remove(stale);
  }
  const name = ssmNames.node(config.ssmPrefix, config.replica, instanceId);
  await deps.ssm.put(name, address);
  deps.log.info(`registered ${name} = ${address}`);
  state.cloudDirty = true;
}

async function start(config: AgentConfig, deps: Deps, state: AgentState,
  settings: ClusterSettings): Promise<void> {
  const path = dataFilePath(config, settings);
  assert(await deps.files.exists(path), "start: the data file exists");
  const ownIp = state.cloud?.interfaces[0]?.privateIp ?? state.identity.privateIp;
  assert(settings.addresses[config.replica]?.ip === ownIp, `start: addresses[${config.replica}]` +
    ` is this node's address ${ownIp}`);
  const nowMs = deps.clock.nowMs();
  if (state.process.state === "exited") {
    state.restartTimesMs = state.restartTimesMs.filter((t) => nowMs - t < restartWindowMs);
    state.restartTimesMs.push(nowMs);
    state.restartCount += 1;
  }
  const args = startArgs(settings, { cacheGridMib: config.cacheGridMib,
    development: config.development }, path);
  deps.log.info(`starting: ${config.tigerbeetleBin} ${args.join(" ")}`);
  startSupervised(deps, state, config.tigerbeetleBin, args);
  state.phase = "running";
}
