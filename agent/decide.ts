/**
 * The agent's brain: a pure function from what it observed to the one next step. No effects,
 * no clock, no randomness: everything it needs is in the observation, so its table tests are
 * the agent's specification. Safety rules (the team's TigerBeetle notes, docs/agent.md):
 * - data file present → never format, never recover;
 * - data file absent + marker present → recover (≥ 3 replicas, quorum reachable) or halt;
 * - format only when both the data file and the marker are absent;
 * - nothing starts unless this node holds the replica's volume (the fence) and owns the address;
 * - ready (the CloudFormation signal) only once the replica serves: TigerBeetle said it
 *   listens, and the cluster answered a client request.
 */
import type { ClusterSettings } from "./cluster-settings.ts";
import { restartBackoffMsMax, restartBackoffMsMin, restartCountMax,
  restartWindowMs } from "./constants.ts";
import type { HostFinding } from "./host-checks.ts";
import type { InterfaceView, VolumeView } from "./ports.ts";
import { quorums, recoverReplicaCountMin } from "../ir/tigerbeetle-cluster.ts";

export type ProcessView =
  | { readonly state: "absent" }
  | { readonly state: "running"; readonly pid: number; readonly startedAtMs: number }
  | { readonly state: "exited"; readonly code: number | null; readonly exitedAtMs: number };

/** Things outside the agent's control that it waits for, each wait bounded by `waitMsMax`. */
export type WaitKind = "settings" | "volume" | "interface" | "address" | "peers" | "quorum"
  | "backoff" | "serving";

export type HaltReason = "settingsInvalid" | "volumeAmbiguous" | "volumeHeld" | "interfaceAmbiguous"
  | "interfaceHeld" | "addressMismatch" | "hostCheck" | "dataLoss" | "peersMissing"
  | "quorumMissing" | "crashLoop" | "fenceLost" | "settingsMissing" | "volumeMissing"
  | "addressNotLocal";

export interface Observation {
  readonly nowMs: number;
  readonly replica: number;
  readonly development: boolean;
  readonly shutdownRequested: boolean;
  readonly instanceId: string;
  /** The node's primary private IP (metadata); used when no interface is tagged. */
  readonly metadataIp: string;
  readonly settings: ClusterSettings | { readonly missing: string } | { readonly problem: string };
  /** Volumes / interfaces tagged with this cluster and replica index. */
  readonly volumes: readonly VolumeView[];
  readonly interfaces: readonly InterfaceView[];
  readonly storageReady: boolean;
  /** Undefined until the storage is ready (the checks need the data file system). */
  readonly hostFindings: readonly HostFinding[] | undefined;
  readonly dataFilePresent: boolean;
  /** Value of SSM `formatted/{i}`, undefined when absent. */
  readonly marker: string | undefined;
  /** Our own `nodes/{i}/{instance-id}` value, undefined when absent. */
  readonly registration: string | undefined;
  /** Replicas with a `nodes/{replica}/{instance-id}` registration of their own address. */
  readonly registeredReplicas: ReadonlySet<number>;
  /** Whether this host can bind its own replica IP (the interface is configured). */
  readonly ownIpBindable: boolean;
  /** Other replicas answering on their address; undefined when not probed. */
  readonly answeringPeers: ReadonlySet<number> | undefined;
  /**
   * The running TigerBeetle said "listening on": it opened its data file and serves. (Its
   * port accepts TCP earlier, while it still opens the file, so a probe would say nothing.)
   */
  readonly listening: boolean;
  /** The running TigerBeetle's cluster answered a client request (reset at every start). */
  readonly clusterAnswered: boolean;
  readonly process: ProcessView;
  /** Start times of restarts; only those within `restartWindowMs` count. */
  readonly restartTimesMs: readonly number[];
  /** The wait in progress, if the previous decision was a wait. */
  readonly waiting: { readonly kind: WaitKind; readonly sinceMs: number } | undefined;
  readonly waitMsMax: number;
  readonly signaled: boolean;
}

export type Action =
  | { readonly kind: "wait"; readonly waitKind: WaitKind; readonly reason: string }
  | { readonly kind: "attachVolume"; readonly volumeId: string }
  | { readonly kind: "attachInterface"; readonly interfaceId: string }
  | { readonly kind: "prepareStorage"; readonly volumeId: string }
  | { readonly kind: "format" }
  | { readonly kind: "writeMarker" }
  | { readonly kind: "recover" }
  | { readonly kind: "register"; readonly address: string }
  | { readonly kind: "start" }
  | { readonly kind: "queryCluster" }
  | { readonly kind: "signalReady"; readonly because: string }
  | { readonly kind: "steady" }
  | { readonly kind: "stop" }
  | { readonly kind: "deregister" }
  | { readonly kind: "exit" }
  | { readonly kind: "halt"; readonly reason: HaltReason; readonly message: string };

export function decide(observed: Observation): Action {
  if (observed.shutdownRequested) return decideShutdown(observed);
  const settings = observed.settings;
  if ("missing" in settings) {
    return waitOrHalt(observed, "settings", "settingsMissing",
      `SSM parameter '${settings.missing}' of the cluster is not there yet`);
  }
  if ("problem" in settings) return halt("settingsInvalid", settings.problem);
  const identity = decideIdentity(observed, settings);
  if (identity !== undefined) return identity;
  if (!observed.storageReady) {
    return { kind: "prepareStorage", volumeId: observed.volumes[0]!.volumeId };
  }
  const findings = observed.hostFindings ?? [];
  if (!observed.development && findings.length > 0) {
    return halt("hostCheck", findings.map((finding) => finding.message).join("; "));
  }
  if (observed.process.state === "running") return decideRunning(observed);
  const data = decideData(observed, settings);
  if (data !== undefined) return data;
  return decideStart(observed, settings);
}

/** Fence, network identity and address: everything that must hold before touching data. */
function decideIdentity(observed: Observation, settings: ClusterSettings): Action | undefined {
  const replica = observed.replica;
  if (observed.volumes.length > 1) {
    return halt("volumeAmbiguous", `${observed.volumes.length} volumes are tagged for replica ` +
      `${replica}: ${observed.volumes.map((v) => v.volumeId).join(", ")}; expected exactly one`);
  }
  const volume = observed.volumes[0];
  if (volume === undefined) {
    return waitOrHalt(observed, "volume", "volumeMissing",
      `no volume is tagged for replica ${replica}`);
  }
  const holders = volume.attachments.map((attachment) => attachment.instanceId);
  const others = holders.filter((holder) => holder !== observed.instanceId);
  if (others.length > 0) {
    if (observed.process.state === "running") {
      return halt("fenceLost", `volume ${volume.volumeId} is now attached to ${others.join(", ")}`);
    }
    return waitOrHalt(observed, "volume", "volumeHeld", `volume ${volume.volumeId} of replica ` +
      `${replica} is attached to ${others.join(", ")}; only its holder may run TigerBeetle`);
  }
  const mine = volume.attachments.find((a) => a.instanceId === observed.instanceId);
  if (mine === undefined) return { kind: "attachVolume", volumeId: volume.volumeId };
  if (mine.state !== "attached") {
    return waitOrHalt(observed, "volume", "volumeHeld", `volume ${volume.volumeId} is attaching`);
  }
  return decideInterface(observed, settings);
}

function decideInterface(observed: Observation, settings: ClusterSettings): Action | undefined {
  if (observed.interfaces.length > 1) {
    return halt("interfaceAmbiguous", `${observed.interfaces.length} network interfaces are ` +
      `tagged for replica ${observed.replica}; expected at most one`);
  }
  const networkInterface = observed.interfaces[0];
  if (networkInterface !== undefined) {
    const holder = networkInterface.attachedInstanceId;
    if (holder !== undefined && holder !== observed.instanceId) {
      return waitOrHalt(observed, "interface", "interfaceHeld", `network interface ` +
        `${networkInterface.interfaceId} is attached to ${holder}`);
    }
    if (holder === undefined) {
      return { kind: "attachInterface", interfaceId: networkInterface.interfaceId };
    }
  }
  const ownIp = networkInterface?.privateIp ?? observed.metadataIp;
  const expected = settings.addresses[observed.replica]!;
  if (ownIp !== expected.ip) {
    return halt("addressMismatch", `addresses[${observed.replica}] is ${expected.ip}:` +
      `${expected.port} but this node's address is ${ownIp}; refusing to start with a wrong ` +
      "address list");
  }
  return undefined;
}

function decideRunning(observed: Observation): Action {
  const address = ownAddress(observed);
  if (observed.registration !== address) return { kind: "register", address };
  if (observed.signaled) return { kind: "steady" };
  return decideReady(observed, address);
}

/**
 * Ready means serving. A started process is not yet a replica: it listens only after opening
 * its data file (seconds), and it may still exit. Not bounded by a halt: TigerBeetle runs, and
 * stopping it because its peers are slow would only make things worse.
 */
function decideReady(observed: Observation, address: string): Action {
  if (!observed.listening) {
    return { kind: "wait", waitKind: "serving", reason: `TigerBeetle is not listening on ` +
      `${address} yet` };
  }
  if (!observed.clusterAnswered) return { kind: "queryCluster" };
  return { kind: "signalReady", because: `listening on ${address}, and the cluster answered ` +
    "a client request" };
}

/** Format, marker, recover: the data-safety core. */
function decideData(observed: Observation, settings: ClusterSettings): Action | undefined {
  if (observed.dataFilePresent) {
    // A data file exists: it is never formatted or recovered over. A missing marker means the
    // agent stopped between format and marker write: record it now.
    if (observed.marker === undefined) return { kind: "writeMarker" };
    return undefined;
  }
  if (observed.marker === undefined) return { kind: "format" };
  if (settings.replicaCount < recoverReplicaCountMin) {
    return halt("dataLoss", `replica ${observed.replica} was formatted before (marker ` +
      `'${observed.marker}') but its data file is gone, and a ${settings.replicaCount}-replica ` +
      "cluster cannot recover it; restore the volume from a snapshot");
  }
  const needed = quorums(settings.replicaCount).viewChange;
  const answering = observed.answeringPeers?.size ?? 0;
  if (answering < needed) {
    return waitOrHalt(observed, "quorum", "quorumMissing", `the data file of replica ` +
      `${observed.replica} is gone; recover needs ${needed} reachable peers, ${answering} answer`);
  }
  return { kind: "recover" };
}

function decideStart(observed: Observation, settings: ClusterSettings): Action {
  const address = ownAddress(observed);
  if (observed.registration !== address) return { kind: "register", address };
  if (!observed.ownIpBindable) {
    return waitOrHalt(observed, "address", "addressNotLocal", `this host cannot listen on ` +
      `${address} yet: the attached interface's IP is not configured`);
  }
  if (observed.process.state === "exited") {
    const restarts = observed.restartTimesMs
      .filter((startedAtMs) => observed.nowMs - startedAtMs < restartWindowMs).length;
    if (restarts >= restartCountMax) {
      return halt("crashLoop", `TigerBeetle exited ${restarts + 1} times within the restart ` +
        `window (last exit code ${observed.process.code})`);
    }
    const readyAtMs = observed.process.exitedAtMs + restartBackoffMs(restarts);
    if (observed.nowMs < readyAtMs) {
      return { kind: "wait", waitKind: "backoff", reason: "restart backoff" };
    }
    return { kind: "start" };
  }
  // A peer is there when registered, or when it answers on its address though unregistered:
  // a replica still run by a dazzle that registered as `nodes/{instance-id}` (rolling upgrade).
  const present = new Set([...observed.registeredReplicas, ...observed.answeringPeers ?? []]);
  const needed = quorums(settings.replicaCount).viewChange;
  if (present.size < needed) {
    const missing = settings.addresses.map((_, index) => index)
      .filter((index) => !present.has(index));
    return waitOrHalt(observed, "peers", "peersMissing", `${present.size} of ` +
      `${settings.replicaCount} replicas registered or answering, ${needed} needed; missing ` +
      `replicas: ${missing.join(", ")}`);
  }
  return { kind: "start" };
}

function decideShutdown(observed: Observation): Action {
  if (observed.process.state === "running") return { kind: "stop" };
  if (observed.registration !== undefined) return { kind: "deregister" };
  return { kind: "exit" };
}

/** Exponential: 250 ms, 500 ms, 1 s, ... capped; the lock of a crashed process can linger. */
export function restartBackoffMs(restarts: number): number {
  const exponent = Math.min(restarts, 16);
  return Math.min(restartBackoffMsMax, restartBackoffMsMin * 2 ** exponent);
}

function ownAddress(observed: Observation): string {
  const settings = observed.settings as ClusterSettings;
  const entry = settings.addresses[observed.replica]!;
  return `${entry.ip}:${entry.port}`;
}

function waitOrHalt(observed: Observation, waitKind: WaitKind, reason: HaltReason,
  message: string): Action {
  const waiting = observed.waiting;
  if (waiting !== undefined && waiting.kind === waitKind &&
    observed.nowMs - waiting.sinceMs >= observed.waitMsMax) {
    return halt(reason, `${message} (waited ${Math.round(observed.waitMsMax / 1000)} s)`);
  }
  return { kind: "wait", waitKind, reason: message };
}

function halt(reason: HaltReason, message: string): Action {
  return { kind: "halt", reason, message };
}
