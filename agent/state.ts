/**
 * What the agent remembers between ticks: only what it cannot re-observe (its child process,
 * restart history, waits in progress) plus a cache of the cloud view with its age, so a running
 * agent does not call AWS every tick.
 */
import type { ClusterSettings } from "./cluster-settings.ts";
import type { ProcessView, WaitKind } from "./decide.ts";
import type { HostFinding } from "./host-checks.ts";
import type { ChildProcess, Identity, InterfaceView, VolumeView } from "./ports.ts";
import type { NodeRegistration } from "../ir/tigerbeetle-node.ts";

export interface CloudView {
  readonly settings: ClusterSettings | { readonly missing: string } | { readonly problem: string };
  readonly marker: string | undefined;
  /**
   * `nodes/{i}/{instance-id}` entries of every replica. Entries an earlier dazzle wrote as
   * `nodes/{instance-id}` are left out: the agent neither counts nor touches them
   * (docs/agent.md, "Registrations").
   */
  readonly registrations: readonly NodeRegistration[];
  readonly volumes: readonly VolumeView[];
  readonly interfaces: readonly InterfaceView[];
  readonly observedAtMs: number;
}

/** Coarse phase for the AgentPhase metric and logs; the number is what CloudWatch shows. */
export const phaseCodes = {
  starting: 0,
  attaching: 1,
  formatting: 2,
  recovering: 3,
  waitingForPeers: 4,
  running: 5,
  stopping: 6,
  halted: 7,
} as const;
export type Phase = keyof typeof phaseCodes;

export interface AgentState {
  readonly identity: Identity;
  cloud: CloudView | undefined;
  /** Set after an action that changed SSM/EC2, so the next tick re-reads them. */
  cloudDirty: boolean;
  /**
   * Set after a step that changed only this host (mount, format, recover), or whose change
   * the agent wrote into `cloud` itself (the marker): the next tick decides on the cached view,
   * if younger than `pollMsConverging`, instead of re-reading SSM and EC2 (observe.ts). Each
   * step re-checks what makes it safe.
   */
  cloudCurrent: boolean;
  /** Counts what the running TigerBeetle reported (listening, exit): a sleeping loop wakes. */
  processEvents: number;
  child: ChildProcess | undefined;
  /** Held so the exit watcher is never a floating promise. */
  exitWatch: Promise<void> | undefined;
  /** True while the agent itself stops TigerBeetle: that exit is not a crash to restart. */
  stopping: boolean;
  process: ProcessView;
  restartTimesMs: number[];
  restartCount: number;
  waiting: { kind: WaitKind; sinceMs: number } | undefined;
  /** Consecutive waiting ticks, for the exponential poll interval. */
  waitTicks: number;
  signaled: boolean;
  /** Set by a client request the running TigerBeetle's cluster answered; reset at each start. */
  clusterAnswered: boolean;
  /** The running TigerBeetle said "listening on" (reset at each start). */
  listening: boolean;
  errorCount: number;
  hostFindings: readonly HostFinding[] | undefined;
  /** Other replicas that accepted a connection on their address at the last probe. */
  answeringPeers: ReadonlySet<number> | undefined;
  probedAtMs: number;
  storageReady: boolean;
  storageCheckedAtMs: number;
  metricsPublishedAtMs: number;
  logsShippedAtMs: number;
  /** The log flush in flight: the loop never waits for it (held, so it never floats). */
  logFlush: Promise<void> | undefined;
  phase: Phase;
  dataLossHalt: boolean;
  /** Last lines of TigerBeetle's output, bounded by `outputLinesMax`. */
  outputLines: string[];
  /** The last decision logged, so a repeated wait is logged once, not every tick. */
  lastReport: string;
}

export function initialState(identity: Identity): AgentState {
  return {
    identity,
    cloud: undefined,
    cloudDirty: true,
    cloudCurrent: false,
    processEvents: 0,
    child: undefined,
    exitWatch: undefined,
    stopping: false,
    process: { state: "absent" },
    restartTimesMs: [],
    restartCount: 0,
    waiting: undefined,
    waitTicks: 0,
    signaled: false,
    clusterAnswered: false,
    listening: false,
    errorCount: 0,
    hostFindings: undefined,
    answeringPeers: undefined,
    probedAtMs: Number.NEGATIVE_INFINITY,
    storageReady: false,
    storageCheckedAtMs: Number.NEGATIVE_INFINITY,
    metricsPublishedAtMs: Number.NEGATIVE_INFINITY,
    logsShippedAtMs: Number.NEGATIVE_INFINITY,
    logFlush: undefined,
    phase: "starting",
    dataLossHalt: false,
    outputLines: [],
    lastReport: "",
  };
}
