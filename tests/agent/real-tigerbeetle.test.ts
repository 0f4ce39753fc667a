/**
 * The agent with the real TigerBeetle server (0.17.8, built by the test tools from
 * ../shared/vendor), not the stand-in: formation of 3 and 6 replicas with a client writing and
 * reading back, ready only once the replica serves, restart after a kill, replacement after
 * disk loss with `recover` (balances intact, the recovered replica serving while another is
 * frozen), clean stop. Replicas run with `--development` and a 32 MiB grid cache (about
 * 1.5 GiB each); one checkout at a time runs them (machine lock), data files are removed in
 * the background. Skipped, with the reason in the test's name, where the machine cannot run
 * TigerBeetle. A rolling upgrade cannot be shown here: docs/agent.md, "Upgrades".
 */
import { expect, test } from "bun:test";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { ssmNames } from "../../ir/tigerbeetle-node.ts";
import { type AgentNode, type ClusterFixture, createClusterFixture, startAgentNode,
  terminateInstance } from "../../testing/cluster.ts";
import { ssmSnapshot, stopAll } from "../../testing/harness.ts";
import { withMachineLock } from "../../testing/machine-lock.ts";
import { removeInBackground, waitFor } from "../../testing/processes.ts";
import { realTigerBeetle, realTigerBeetleMissing } from "../../testing/real-tigerbeetle.ts";
import { clusterClient } from "../../testing/tigerbeetle-client.ts";
import { useTestWorld } from "../support/test-world.ts";

const world = useTestWorld();
const tigerbeetle = realTigerBeetle();
/** TigerBeetle opens its data file in 2–16 s here; six at once on 2 loaded cores take longer. */
const readyTimeoutMs = 240_000;
const lockWaitMs = 600_000;

function realServerTest(name: string, replicas: number, body: () => Promise<void>,
  timeoutMs: number): void {
  const missing = realTigerBeetleMissing(replicas);
  if (missing !== undefined) {
    test.skip(`${name} [skipped: ${missing}]`, () => {});
    return;
  }
  test(name, () => withMachineLock("tigerbeetle-memory", lockWaitMs, body), timeoutMs + lockWaitMs);
}

interface RealCluster {
  readonly fixture: ClusterFixture;
  readonly nodes: AgentNode[];
  readonly client: ReturnType<typeof clusterClient>;
  readonly directory: string;
}

async function startNode(fixture: ClusterFixture, replica: number, name?: string) {
  return startAgentNode(fixture, replica, { tigerbeetleBin: tigerbeetle.bin, cacheGrid: "32MiB",
    ...(name === undefined ? {} : { name }),
    extraArgs: ["--signal-stack", `${fixture.app}-test-TigerBeetle`, "--signal-resource",
      `Replica${replica}Group`] });
}

async function startRealCluster(app: string, replicaCount: number,
  octet: number): Promise<RealCluster> {
  const directory = join(world().workDirectory, app);
  const fixture = await createClusterFixture(world().endpoint, { app, replicaCount, octet,
    workDirectory: directory });
  const nodes = await Promise.all(
    Array.from({ length: replicaCount }, (_, replica) => startNode(fixture, replica)),
  );
  const client = clusterClient(tigerbeetle.bin, fixture.clusterId, fixture.addresses.join(","));
  return { fixture, nodes, client, directory };
}

async function stopCluster(cluster: RealCluster): Promise<void> {
  await stopAll(cluster.nodes);
  removeInBackground(cluster.directory);
}

const readyLine = /agent\[\d\] info: ready: replica \d/;

async function waitReady(node: AgentNode): Promise<void> {
  await node.process.waitForLine(readyLine, readyTimeoutMs);
}

/** The pid of the TigerBeetle this agent started last. */
function tigerbeetlePid(node: AgentNode): number {
  const started = node.process.lines.filter((l) => /tigerbeetle started \(pid \d+\)/.test(l));
  return Number(/pid (\d+)/.exec(started.at(-1) ?? "")?.[1]);
}

async function expectBalances(cluster: RealCluster, debits: number, credits: number) {
  const accounts = await cluster.client.lookupAccounts([1, 2]);
  expect(accounts.map((a) => [a.id, a.debits_posted, a.credits_posted])).toEqual([
    ["1", String(debits), "0"],
    ["2", "0", String(credits)],
  ]);
}

async function transfer(cluster: RealCluster, id: number, amount: number) {
  const answers = await cluster.client.run(`create_transfers id=${id} debit_account_id=1 ` +
    `credit_account_id=2 amount=${amount} ledger=700 code=10`);
  expect(answers.map((a) => a.status)).toEqual(["tigerbeetle.CreateTransferStatus.created"]);
}

async function createAccounts(cluster: RealCluster) {
  const answers = await cluster.client.run("create_accounts id=1 code=10 ledger=700, " +
    "id=2 code=10 ledger=700");
  expect(answers.map((a) => a.status)).toEqual(["tigerbeetle.CreateAccountStatus.created",
    "tigerbeetle.CreateAccountStatus.created"]);
}

realServerTest("3 replicas: ready only once serving, a client writes and reads back, a killed " +
  "replica is restarted, a clean stop", 3, async () => {
  const cluster = await startRealCluster("real3", 3, 81);
  try {
    await Promise.all(cluster.nodes.map(waitReady));
    for (const node of cluster.nodes) {
      // Ready (and the CloudFormation signal) comes after TigerBeetle listens, never before.
      const listening = node.process.lines.findIndex((l) => /tigerbeetle: .*listening on/.test(l));
      const ready = node.process.lines.findIndex((l) => readyLine.test(l));
      expect(listening).toBeGreaterThanOrEqual(0);
      expect(ready).toBeGreaterThan(listening);
    }
    await waitFor("three SUCCESS signals", 30_000, () =>
      world().proxy.signals.filter(
          (s) => s.stackName === "real3-test-TigerBeetle" && s.status === "SUCCESS",
        ).length === 3
      || undefined);
    await createAccounts(cluster);
    await transfer(cluster, 1, 10);
    await expectBalances(cluster, 10, 10);

    const victim = cluster.nodes[2]!;
    const pid = tigerbeetlePid(victim);
    process.kill(pid, "SIGKILL");
    await victim.process.waitForLine(new RegExp(`tigerbeetle \\(pid ${pid}\\) exited`), 30_000);
    await waitFor("a new TigerBeetle for replica 2", readyTimeoutMs, () => {
      const now = tigerbeetlePid(victim);
      return now !== pid && Number.isInteger(now) ? now : undefined;
    });
    await transfer(cluster, 2, 5);
    await expectBalances(cluster, 15, 15);

    const pids = cluster.nodes.map(tigerbeetlePid);
    for (const node of cluster.nodes) node.process.signal("SIGTERM");
    expect(await Promise.all(cluster.nodes.map((node) => node.process.exited)))
      .toEqual([0, 0, 0]);
    for (const gone of pids) expect(() => process.kill(gone, 0)).toThrow();
    const parameters = await ssmSnapshot(cluster.fixture);
    for (const node of cluster.nodes) {
      expect(parameters.has(ssmNames.node(cluster.fixture.prefix, node.replica, node.instanceId)))
        .toBe(false);
    }
  } finally {
    await stopCluster(cluster);
  }
}, 600_000);

realServerTest("6 replicas form from cold and a client writes and reads back", 6, async () => {
  const cluster = await startRealCluster("real6", 6, 82);
  try {
    await Promise.all(cluster.nodes.map(waitReady));
    await createAccounts(cluster);
    await transfer(cluster, 1, 7);
    await expectBalances(cluster, 7, 7);
    const parameters = await ssmSnapshot(cluster.fixture);
    for (const node of cluster.nodes) {
      expect(parameters.get(ssmNames.node(cluster.fixture.prefix, node.replica, node.instanceId)))
        .toBe(cluster.fixture.addresses[node.replica]);
    }
  } finally {
    await stopCluster(cluster);
  }
}, 600_000);

realServerTest("a replica whose disk is lost comes back through recover, balances intact, and " +
  "serves while another replica is frozen", 3, async () => {
  const cluster = await startRealCluster("realrecover", 3, 83);
  try {
    await Promise.all(cluster.nodes.map(waitReady));
    await createAccounts(cluster);
    await transfer(cluster, 1, 10);

    const lost = cluster.nodes[1]!;
    await lost.stop();
    await terminateInstance(cluster.fixture, lost.instanceId);
    const volume = join(cluster.fixture.volumeDirectory, cluster.fixture.volumeIds[1]!);
    for (const entry of await readdir(volume)) await rm(join(volume, entry), { force: true });
    const replacement = await startNode(cluster.fixture, 1, "replacement");
    cluster.nodes.push(replacement);
    await waitReady(replacement);
    expect(replacement.process.lines.some((l) => /recovering from the cluster/.test(l)))
      .toBe(true);
    expect(replacement.process.lines.some((l) => /formatting replica/.test(l))).toBe(false);
    await expectBalances(cluster, 10, 10);

    // Freeze replica 2: the cluster now commits only with replica 0 and the recovered one.
    const frozen = tigerbeetlePid(cluster.nodes[2]!);
    process.kill(frozen, "SIGSTOP");
    try {
      await transfer(cluster, 2, 5);
      await expectBalances(cluster, 15, 15);
    } finally {
      process.kill(frozen, "SIGCONT");
    }
  } finally {
    await stopCluster(cluster);
  }
}, 600_000);
