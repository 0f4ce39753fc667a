/**
 * `dazzle agent`: turns a fresh TigerBeetle node into a healthy replica and keeps it so. One
 * top-level loop runs at its own pace: observe (process, volume, SSM) → decide (pure) → act
 * (one step). Operating errors get bounded, jittered retry; assertion failures crash loudly.
 */
import { AssertionError, assert } from "./assert.ts";
import { act } from "./act.ts";
import { errorBackoffMs, jitteredBackoffMs, waitPollMs } from "./backoff.ts";
import type { AgentConfig } from "./config.ts";
import { errorCountMax, logShipIntervalMs, shutdownCheckMs, tickMsBusy,
  tickMsSteady } from "./constants.ts";
import { type Action, decide } from "./decide.ts";
import { errorMessage } from "./error-message.ts";
import { logStreamName } from "./log-shipping.ts";
import { publishMetrics } from "./metrics.ts";
import { observe } from "./observe.ts";
import type { Deps, Identity } from "./ports.ts";
import { stopSupervised } from "./process.ts";
import { type AgentState, type Phase, initialState } from "./state.ts";

type TickOutcome =
  | { readonly kind: "sleep"; readonly ms: number }
  | { readonly kind: "exit"; readonly code: number };

const identityAttemptsMax = 10;
let loopRunning = false;

/** Run until shutdown (exit 0) or a halt (exit 1). Never calls process.exit. */
export async function runAgent(config: AgentConfig, deps: Deps): Promise<number> {
  assert(!loopRunning, "runAgent: the agent loop is the single top-level loop of the process");
  loopRunning = true;
  let identity: Identity | undefined;
  let state: AgentState | undefined;
  try {
    identity = await readIdentity(deps);
    if (identity === undefined) return 1;
    deps.log.info(`agent for replica ${config.replica} on ${identity.instanceId} ` +
      `(${identity.privateIp}, ${identity.availabilityZone})`);
    state = initialState(identity);
    // The first lines ship after logShipIntervalMs, not before the first step: forming a
    // cluster never waits on the log group (a halt still ships them on the way out).
    state.logsShippedAtMs = deps.clock.nowMs();
    while (true) {
      // The single top-level agent loop: unbounded by design, it ends only by exit or halt.
      assert(loopRunning, "runAgent: the loop runs only while marked as the top-level loop");
      const processEvents = state.processEvents;
      const outcome = await tick(config, deps, state);
      if (outcome.kind === "exit") return outcome.code;
      // TigerBeetle saying "listening on" (or exiting) is acted on at once, not after the
      // wait's poll interval.
      const current = state;
      await sleepUnlessShutdown(deps, outcome.ms, () => current.processEvents !== processEvents);
    }
  } finally {
    loopRunning = false;
    // The last words (a halt's reason, a clean stop) reach the log group too.
    await state?.logFlush;
    await deps.logShipper.flush(logStreamName(config.replica, identity?.instanceId));
  }
}

/**
 * Sleep in slices so a SIGTERM (or news from TigerBeetle: `wake`) is acted on within
 * `shutdownCheckMs`, not after a long tick.
 */
async function sleepUnlessShutdown(deps: Deps, ms: number, wake: () => boolean): Promise<void> {
  const slices = Math.ceil(ms / shutdownCheckMs);
  for (let slice = 0; slice < slices && !deps.shutdownRequested() && !wake(); slice++) {
    await deps.clock.sleep(Math.min(shutdownCheckMs, ms - slice * shutdownCheckMs));
  }
}

async function readIdentity(deps: Deps): Promise<Identity | undefined> {
  for (let attempt = 1; attempt <= identityAttemptsMax; attempt++) {
    try {
      return await deps.metadata.identity();
    } catch (error) {
      deps.log.warn(`instance metadata (attempt ${attempt}/${identityAttemptsMax}): ` +
        errorMessage(error));
      await deps.clock.sleep(jitteredBackoffMs(attempt, 200, 5_000, deps.random()));
    }
  }
  deps.log.error("could not read this node's identity from the instance metadata service");
  return undefined;
}

async function tick(config: AgentConfig, deps: Deps, state: AgentState): Promise<TickOutcome> {
  let action: Action | undefined;
  try {
    const observed = await observe(config, deps, state);
    action = decide(observed);
    trackWait(state, action, observed.nowMs);
    report(deps, state, action);
    await publishIfDue(config, deps, state);
    shipLogsIfDue(config, deps, state);
    const outcome = await step(config, deps, state, action);
    state.errorCount = 0;
    return outcome;
  } catch (error) {
    if (error instanceof AssertionError) throw error;
    // Operating error (AWS call, failed command): retry with backoff. While TigerBeetle runs,
    // AWS trouble never stops it; before that, give up after errorCountMax in a row.
    state.errorCount += 1;
    state.cloudDirty = true;
    deps.log.warn(`${action?.kind ?? "observe"} failed (${state.errorCount}): ` +
      errorMessage(error));
    const running = state.process.state === "running";
    if (!running && state.errorCount >= errorCountMax) {
      deps.log.error(`giving up after ${state.errorCount} consecutive errors`);
      return { kind: "exit", code: 1 };
    }
    return { kind: "sleep", ms: errorBackoffMs(Math.min(state.errorCount, 16), deps.random()) };
  }
}

async function step(config: AgentConfig, deps: Deps, state: AgentState,
  action: Action): Promise<TickOutcome> {
  switch (action.kind) {
    case "wait":
      state.waitTicks += 1;
      return { kind: "sleep", ms: waitPollMs(state.waitTicks, deps.random()) };
    case "steady":
      state.waitTicks = 0;
      return { kind: "sleep", ms: tickMsSteady };
    case "halt":
      return { kind: "exit", code: await halt(config, deps, state, action) };
    case "exit":
      state.phase = "stopping";
      await publishQuietly(config, deps, state);
      deps.log.info("agent stopped cleanly");
      return { kind: "exit", code: 0 };
    default:
      state.waitTicks = 0;
      await act(config, deps, state, action);
      return { kind: "sleep", ms: tickMsBusy };
  }
}

/** Stop loudly: TigerBeetle off, alarm-worthy metrics, CloudFormation told, exit 1. */
async function halt(config: AgentConfig, deps: Deps, state: AgentState,
  action: Extract<Action, { kind: "halt" }>): Promise<number> {
  deps.log.error(`halt (${action.reason}): ${action.message}`);
  await stopSupervised(deps, state);
  state.phase = "halted";
  state.dataLossHalt = action.reason === "dataLoss";
  await publishQuietly(config, deps, state);
  if (config.signal !== undefined && !state.signaled) {
    try {
      await deps.stackSignal.signal(config.signal.stackName, config.signal.logicalId,
        state.identity.instanceId, "FAILURE");
      state.signaled = true;
    } catch (error) {
      deps.log.warn(`could not signal FAILURE: ${errorMessage(error)}`);
    }
  }
  return 1;
}

function trackWait(state: AgentState, action: Action, nowMs: number): void {
  if (action.kind !== "wait") {
    state.waiting = undefined;
    return;
  }
  if (state.waiting?.kind !== action.waitKind) {
    state.waiting = { kind: action.waitKind, sinceMs: nowMs };
    state.waitTicks = 0;
  }
  state.phase = phaseOfWait(action.waitKind, state.phase);
}

function phaseOfWait(kind: string, current: Phase): Phase {
  if (kind === "peers") return "waitingForPeers";
  if (kind === "volume" || kind === "interface") return "attaching";
  return current;
}

function report(deps: Deps, state: AgentState, action: Action): void {
  if (action.kind === "steady") return;
  const text = action.kind === "wait" ? `waiting: ${action.reason}` : action.kind;
  if (text !== state.lastReport) deps.log.info(text);
  state.lastReport = text;
}

async function publishIfDue(config: AgentConfig, deps: Deps, state: AgentState) {
  if (deps.clock.nowMs() - state.metricsPublishedAtMs < config.metricsIntervalMs) return;
  await publishQuietly(config, deps, state);
}

/**
 * Starts a flush and goes on: a slow or unreachable log group must not delay supervision (a
 * TigerBeetle restart, the fence check). The shipper never throws; one flush at a time.
 */
function shipLogsIfDue(config: AgentConfig, deps: Deps, state: AgentState): void {
  if (state.logFlush !== undefined) return;
  if (deps.clock.nowMs() - state.logsShippedAtMs < logShipIntervalMs) return;
  state.logsShippedAtMs = deps.clock.nowMs();
  state.logFlush = deps.logShipper.flush(logStreamName(config.replica, state.identity.instanceId))
    .finally(() => {
      state.logFlush = undefined;
    });
}

/** Metrics are best effort: a failed PutMetricData never blocks the replica. */
async function publishQuietly(config: AgentConfig, deps: Deps, state: AgentState) {
  try {
    await publishMetrics(config, deps, state);
  } catch (error) {
    state.metricsPublishedAtMs = deps.clock.nowMs();
    deps.log.warn(`metrics not published: ${errorMessage(error)}`);
  }
}
