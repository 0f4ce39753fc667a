/**
 * TigerBeetle child processes: one-shot commands (format, recover) run to completion with a
 * bound, and the long-running `start`, whose exit is recorded for the next tick to decide on.
 */
import { assert } from "./assert.ts";
import { outputLinesMax, stopTimeoutMs } from "./constants.ts";
import type { Deps, ProcessExit } from "./ports.ts";
import type { AgentState } from "./state.ts";

const listeningLine = /: listening on \S+/;

class CommandFailed extends Error {
  override readonly name = "CommandFailed";
}

/**
 * Run a one-shot command; throws `CommandFailed` (an operating error) unless it exits 0 or
 * `succeeded` accepts its exit and output.
 */
export async function runToCompletion(deps: Deps, command: string, args: readonly string[],
  timeoutMs: number,
  succeeded: (exit: ProcessExit, lines: readonly string[]) => boolean = (exit) =>
    exit.code === 0): Promise<void> {
  const lines: string[] = [];
  const child = deps.spawn.spawn(command, args, (line) => {
    deps.log.info(`tigerbeetle ${args[0]}: ${line}`);
    remember(lines, line);
  });
  const timeout = deps.clock.sleep(timeoutMs).then(() => "timeout" as const);
  const outcome = await Promise.race([child.exited, timeout]);
  if (outcome === "timeout") {
    child.kill("SIGKILL");
    await child.exited;
    throw new CommandFailed(`tigerbeetle ${args[0]} did not finish within ${timeoutMs} ms`);
  }
  if (!succeeded(outcome, lines)) {
    throw new CommandFailed(`tigerbeetle ${args[0]} failed (${describeExit(outcome)}): ` +
      lines.slice(-3).join(" | "));
  }
}

/** Start the long-running replica; its exit is recorded in `state.process`, never acted on here. */
export function startSupervised(deps: Deps, state: AgentState, command: string,
  args: readonly string[]): void {
  assert(state.child === undefined, "start: no TigerBeetle child may be running already");
  state.outputLines = [];
  state.listening = false;
  const child = deps.spawn.spawn(command, args, (line) => {
    deps.log.info(`tigerbeetle: ${line}`);
    remember(state.outputLines, line);
    // TigerBeetle logs this once it has opened its data file (src/tigerbeetle/main.zig).
    if (listeningLine.test(line) && state.child === child) {
      state.listening = true;
      state.processEvents += 1;
    }
  });
  state.child = child;
  state.stopping = false;
  state.clusterAnswered = false;
  state.process = { state: "running", pid: child.pid, startedAtMs: deps.clock.nowMs() };
  deps.log.info(`tigerbeetle started (pid ${child.pid})`);
  state.exitWatch = child.exited.then((exit) => {
    const expected = state.stopping;
    state.child = undefined;
    state.process = expected ?
      { state: "absent" }
      : { state: "exited", code: exit.code, exitedAtMs: deps.clock.nowMs() };
    state.processEvents += 1;
    const message = `tigerbeetle (pid ${child.pid}) exited: ${describeExit(exit)}`;
    if (expected) deps.log.info(message);
    else deps.log.error(`${message}; last output: ${state.outputLines.slice(-5).join(" | ")}`);
  });
}

/** SIGTERM, bounded wait, then SIGKILL. Returns when the process is gone. */
export async function stopSupervised(deps: Deps, state: AgentState): Promise<void> {
  const child = state.child;
  if (child === undefined) return;
  state.stopping = true;
  child.kill("SIGTERM");
  const timeout = deps.clock.sleep(stopTimeoutMs).then(() => "timeout" as const);
  const outcome = await Promise.race([child.exited, timeout]);
  if (outcome === "timeout") {
    deps.log.warn(`tigerbeetle did not stop within ${stopTimeoutMs} ms: SIGKILL`);
    child.kill("SIGKILL");
    await child.exited;
  }
  await state.exitWatch;
  assert(state.child === undefined, "stop: the child is gone once its exit was recorded");
}

function remember(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > outputLinesMax) lines.shift();
}

function describeExit(exit: ProcessExit): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `code ${exit.code}`;
}
