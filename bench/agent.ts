/**
 * Agent benchmarks with the real TigerBeetle server (0.17.8, built by the test tools from
 * ../shared/vendor) against the local emulators (moto behind the test proxy, metadata mocks);
 * agents run from source by Bun (or `DAZZLE_AGENT_BIN=<binary>`), as separate processes:
 * - time for a cold 3- and 6-replica cluster to form: every agent started at once, until every
 *   agent reports ready (TigerBeetle listening and the cluster answering a client request;
 *   target ≤ 15 s); each run prints its phases per replica, TigerBeetle's own start-up
 *   (process started → "listening on") among them, and the load average. The emulated
 *   instances and their metadata emulators exist before the timed run starts, as a node's
 *   instance and IMDS do before its agent starts; the agents get a node's flags (log group,
 *   CloudFormation signal).
 * - an agent's peak RSS (VmHWM) after forming and supervising (target ≤ 100 MiB);
 * - an agent's CPU while supervising a running replica, over 10 s from 7 s after ready (target
 *   ≤ 1% of a core), printed as its own line because the runner's measures are bytes only.
 * Replicas run with `--development` and a 32 MiB grid cache (about 1.5 GiB each), under the
 * machine lock the real-server tests take. Agents ship their log lines, as on a real node.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import { rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { logShipIntervalMs } from "../agent/constants.ts";
import { type AgentNode, awsClientConfig, createClusterFixture, launchInstance, startAgentNode,
  startInstanceMetadata } from "../testing/cluster.ts";
import { type TestWorld, startTestWorld, stopAll } from "../testing/harness.ts";
import { withMachineLock } from "../testing/machine-lock.ts";
import { removeInBackground, sleepMs, waitFor } from "../testing/processes.ts";
import { realTigerBeetle, realTigerBeetleMissing } from "../testing/real-tigerbeetle.ts";
import type { BenchEntry, RunSample } from "./types.ts";

const formationMsMax = 15_000;
const rssBytesMax = 100 * 1024 * 1024;
const cpuPercentMax = 1;
const idleWindowMs = 10_000;
/**
 * Supervising starts once the start-up work is done: the CloudFormation signal at ready, the
 * first log flush (`logShipIntervalMs` after the agent started, loading the Logs client).
 */
const settleMs = logShipIntervalMs + 2_000;
const clockTicksPerSecond = 100;
const readyTimeoutMs = 240_000;
const lockWaitMs = 600_000;

let worldPromise: Promise<TestWorld> | undefined;
let octet = 200;

function world(): Promise<TestWorld> {
  worldPromise ??= startTestWorld().then((started) => {
    // An exit handler cannot await: kill moto synchronously (the proxy dies with us).
    process.once("exit", () => {
      started.moto.killNow();
      rmSync(started.workDirectory, { recursive: true, force: true });
    });
    return started;
  });
  return worldPromise;
}

interface FormedCluster {
  /** Agents started → every agent reported ready. */
  readonly formationMs: number;
  readonly nodes: AgentNode[];
  readonly directory: string;
}

/**
 * The phases of one node's formation, each ending at the first line of its agent matching:
 * the agent read its identity (process start-up and IMDS), TigerBeetle started (attach, format,
 * marker, register, the wait for a quorum of peers), TigerBeetle said "listening on" (its own
 * start-up: opening the data file), the agent reported ready (the client request).
 */
const milestonePatterns = {
  identity: /info: agent for replica \d+ on /,
  started: /tigerbeetle started \(pid/,
  listening: /tigerbeetle: .*listening on/,
  ready: /info: ready: replica/,
} as const;
type Milestone = keyof typeof milestonePatterns;

/** When each node's lines first matched; only lines not seen yet are scanned. */
function watchMilestones(nodes: readonly AgentNode[]) {
  const seen = nodes.map(() => ({} as Partial<Record<Milestone, number>>));
  const scanned = nodes.map(() => 0);
  const timer = setInterval(() => {
    const nowMs = performance.now();
    nodes.forEach((node, index) => {
      const lines = node.process.lines;
      for (let line = scanned[index]!; line < lines.length; line++) {
        for (const [name, pattern] of Object.entries(milestonePatterns) as [Milestone, RegExp][]) {
          if (seen[index]![name] === undefined && pattern.test(lines[line]!)) {
            seen[index]![name] = nowMs;
          }
        }
      }
      scanned[index] = lines.length;
    });
  }, 20);
  return { seen, stop: () => clearInterval(timer) };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** "median/max" of one phase over the nodes. */
function phase(durationsMs: readonly number[]): string {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  return `${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(1)}/` +
    `${(sorted.at(-1)! / 1000).toFixed(1)} s`;
}

function printPhases(replicaCount: number, startedMs: number,
  seen: readonly Partial<Record<Milestone, number>>[]): void {
  const at = seen as readonly Record<Milestone, number>[];
  process.stderr.write(`  ${replicaCount} replicas: agents started → all ready ` +
    `${seconds(Math.max(...at.map((node) => node.ready)) - startedMs)}; per replica ` +
    `(median/max): agent up ${phase(at.map((node) => node.identity - startedMs))}, ` +
    `attach…register…peers ${phase(at.map((node) => node.started - node.identity))}, ` +
    `TigerBeetle's own start-up (started → listening) ` +
    `${phase(at.map((node) => node.listening - node.started))}, ` +
    `listening → ready ${phase(at.map((node) => node.ready - node.listening))}; load ` +
    `${loadavg()[0]!.toFixed(1)}\n`);
}

/** Start one agent per replica at once; resolve when every agent reports ready. */
async function formCold(replicaCount: number): Promise<FormedCluster> {
  const current = await world();
  octet += 1;
  const app = `bench${octet}`;
  const directory = join(current.workDirectory, app);
  const fixture = await createClusterFixture(current.endpoint, { app, replicaCount, octet,
    workDirectory: directory });
  const logGroup = `/${app}/bench/tigerbeetle`;
  const logs = new CloudWatchLogsClient(awsClientConfig(current.endpoint));
  await logs.send(new CreateLogGroupCommand({ logGroupName: logGroup }));
  logs.destroy();
  const instances = await Promise.all(
    Array.from({ length: replicaCount }, () => launchInstance(fixture)),
  );
  const metadata = await Promise.all(instances.map(startInstanceMetadata));
  const startedMs = performance.now();
  // The flags a node's user-data passes (stacks/tigerbeetle/node-bootstrap.ts).
  const nodes = await Promise.all(
    instances.map((instance, replica) =>
      startAgentNode(fixture, replica, { tigerbeetleBin: realTigerBeetle().bin, instance,
        metadata: metadata[replica]!, cacheGrid: "32MiB",
        extraArgs: ["--log-group", logGroup, "--signal-stack", `${app}-bench-TigerBeetle`,
          "--signal-resource", `Replica${replica}Group`] })
    ),
  );
  const milestones = watchMilestones(nodes);
  try {
    await waitFor("every agent ready", readyTimeoutMs, () =>
      milestones.seen.every((node) => node.ready !== undefined) || undefined, 50);
  } catch (error) {
    milestones.stop();
    await stopAll(nodes);
    removeInBackground(directory);
    throw error;
  }
  milestones.stop();
  printPhases(replicaCount, startedMs, milestones.seen);
  const formationMs = Math.max(...milestones.seen.map((node) => node.ready!)) - startedMs;
  return { formationMs, nodes, directory };
}

async function stopCluster(cluster: FormedCluster): Promise<void> {
  await stopAll(cluster.nodes);
  removeInBackground(cluster.directory);
}

/** The row's time is the formation only, not the fixture before or the stop after. */
async function formAndStop(replicaCount: number): Promise<RunSample> {
  return await withMachineLock("tigerbeetle-memory", lockWaitMs, async () => {
    const cluster = await formCold(replicaCount);
    await stopCluster(cluster);
    return { durationMs: cluster.formationMs };
  });
}

async function procStatus(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1];
  return Number(kib ?? "0") * 1024;
}

async function cpuTicks(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** Peak RSS of the agents of a running 3-replica cluster, and their CPU while supervising. */
async function measureAgents(): Promise<number> {
  return await withMachineLock("tigerbeetle-memory", lockWaitMs, measureFormedAgents);
}

async function measureFormedAgents(): Promise<number> {
  const cluster = await formCold(3);
  const nodes = cluster.nodes;
  try {
    await sleepMs(settleMs);
    const pids = nodes.map((node) => node.process.pid);
    const before = await Promise.all(pids.map(cpuTicks));
    await sleepMs(idleWindowMs);
    const after = await Promise.all(pids.map(cpuTicks));
    const percents = pids.map((_, index) =>
      ((after[index]! - before[index]!) /
        clockTicksPerSecond) / (idleWindowMs / 1000) * 100
    );
    const peaks = await Promise.all(pids.map((pid) => procStatus(pid, "VmHWM")));
    const cpuMax = Math.max(...percents);
    process.stderr.write(`agent CPU while supervising (max of 3 agents, ${idleWindowMs / 1000} ` +
      `s): ${cpuMax.toFixed(2)}% of a core (target ≤ ${cpuPercentMax}%: ` +
      `${cpuMax <= cpuPercentMax ? "ok" : "MISSED"})\n`);
    return Math.max(...peaks);
  } finally {
    await stopCluster(cluster);
  }
}

/** Without a real TigerBeetle there is nothing to measure: say why, run no row. */
const missing = realTigerBeetleMissing(6);
if (missing !== undefined) process.stderr.write(`agent benchmarks skipped: ${missing}\n`);

export const rows: readonly BenchEntry[] = missing !== undefined ? [] : [
  { name: "agent: 3 replicas form from cold (real TigerBeetle)", run: () => formAndStop(3), runs: 3,
    targetMsMax: formationMsMax },
  { name: "agent: 6 replicas form from cold (real TigerBeetle)", run: () => formAndStop(6), runs: 3,
    targetMsMax: formationMsMax },
  { name: "agent: peak RSS (VmHWM), CPU printed above", unit: "bytes", measure: measureAgents,
    targetMax: rssBytesMax },
];
