/**
 * Agent benchmarks against the local emulators (moto behind the test proxy, metadata mocks, the
 * TigerBeetle stand-in), agents run from source by Bun as separate processes:
 * - time for a cold 3- and 6-replica cluster to form: every agent started at once, until every
 *   replica listens (target < 5 s; the timed run also includes creating the emulated instances
 *   and metadata emulators, ~0.3 s, so it is an upper bound);
 * - an agent's peak RSS (VmHWM) after forming and supervising (target < 60 MiB);
 * - an agent's CPU while supervising a running replica, over 10 s (target < 1% of a core),
 *   printed as its own line because the runner's measures are bytes only.
 * Agents ship their log lines to a log group, as on a real node.
 */
import { rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CloudWatchLogsClient, CreateLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  type AgentNode, awsClientConfig, createClusterFixture, launchInstance, startAgentNode,
} from "../testing/cluster.ts";
import { type TestWorld, startTestWorld, stopAll, waitListening }
  from "../testing/harness.ts";
import { sleepMs } from "../testing/processes.ts";
import { tigerbeetleStandInPath } from "../testing/stand-in-path.ts";
import type { BenchEntry } from "./types.ts";

const formationMsMax = 5_000;
const rssBytesMax = 60 * 1024 * 1024;
const cpuPercentMax = 1;
const idleWindowMs = 10_000;
const clockTicksPerSecond = 100;

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

/** Start one agent per replica at once; resolve when every replica listens. */
async function formCold(replicaCount: number): Promise<AgentNode[]> {
  const current = await world();
  octet += 1;
  const app = `bench${octet}`;
  const fixture = await createClusterFixture(current.endpoint, { app, replicaCount, octet,
    workDirectory: join(current.workDirectory, app) });
  const bin = await tigerbeetleStandInPath();
  const logGroup = `/${app}/bench/tigerbeetle`;
  const logs = new CloudWatchLogsClient(awsClientConfig(current.endpoint));
  await logs.send(new CreateLogGroupCommand({ logGroupName: logGroup }));
  logs.destroy();
  const instances = await Promise.all(Array.from({ length: replicaCount },
    () => launchInstance(fixture)));
  const nodes = await Promise.all(instances.map((instance, replica) =>
    startAgentNode(fixture, replica, { tigerbeetleBin: bin, instance,
      extraArgs: ["--log-group", logGroup] })));
  const lastStartedMs = performance.now();
  for (const address of fixture.addresses) await waitListening(address, 30_000);
  process.stderr.write(`  ${replicaCount} replicas: last agent started → all listening: ` +
    `${Math.round(performance.now() - lastStartedMs)} ms\n`);
  return nodes;
}

async function formAndStop(replicaCount: number): Promise<void> {
  await stopAll(await formCold(replicaCount));
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
  const nodes = await formCold(3);
  try {
    await sleepMs(2_000);
    const pids = nodes.map((node) => node.process.pid);
    const before = await Promise.all(pids.map(cpuTicks));
    await sleepMs(idleWindowMs);
    const after = await Promise.all(pids.map(cpuTicks));
    const percents = pids.map((_, index) => ((after[index]! - before[index]!) /
      clockTicksPerSecond) / (idleWindowMs / 1000) * 100);
    const peaks = await Promise.all(pids.map((pid) => procStatus(pid, "VmHWM")));
    const cpuMax = Math.max(...percents);
    process.stderr.write(`agent CPU while supervising (max of 3 agents, ${idleWindowMs / 1000} ` +
      `s): ${cpuMax.toFixed(2)}% of a core (target < ${cpuPercentMax}%: ` +
      `${cpuMax < cpuPercentMax ? "ok" : "MISSED"})\n`);
    return Math.max(...peaks);
  } finally {
    await stopAll(nodes);
  }
}

export const rows: readonly BenchEntry[] = [
  { name: "agent: 3 replicas form from cold", run: () => formAndStop(3), runs: 3,
    targetMsMax: formationMsMax },
  { name: "agent: 6 replicas form from cold", run: () => formAndStop(6), runs: 3,
    targetMsMax: formationMsMax },
  { name: "agent: peak RSS (VmHWM), CPU printed above", unit: "bytes", measure: measureAgents,
    targetMax: rssBytesMax },
];
