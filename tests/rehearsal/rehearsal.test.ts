/**
 * End-to-end rehearsal: the stacks and the agent agree on every name.
 *
 * 1. Synthesize the example project's stacks (in process, as `dazzle deploy synth` does).
 * 2. From the templates take the SSM parameters, each replica's volume and fixed interface
 *    (tags, IPs, subnets) and the agent command line of the real user-data (`ExecStart=`).
 * 3. Create those in moto, every IP mapped to loopback (loopback-map.ts: a.b.c.d → 127.b.c.d),
 *    launch one instance per replica, give each its own instance-metadata emulator, and run the
 *    compiled `dazzle` binary with that command line. Substitutions, and only these: the binary
 *    path, `--tigerbeetle-bin` (the stand-in), `--data-dir` (a per-node folder); added flags:
 *    `--development`, `--volume-directory` (EBS volumes as folders), `--metadata-endpoint`.
 * 4. The cluster forms; the Compute stack's TIGERBEETLE_ADDRESSES, entry i, leads to the
 *    process serving replica i, formatted with TIGERBEETLE_CLUSTER_ID.
 * 5. One node is replaced (new instance, blank data volume): it comes back through recover,
 *    and every registration and marker the agents wrote is one the template's role of that
 *    replica, and of no other, may write.
 * 6. Every agent's log lines, TigerBeetle's among them, are in the stack's log group.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { GetParametersByPathCommand } from "@aws-sdk/client-ssm";
import { dazzleVersion } from "../../cli/version.ts";
import { loadDeployConfig } from "../../config/index.ts";
import { loadProject } from "../../frontend/index.ts";
import { dataFileName, ssmNames } from "../../ir/tigerbeetle-node.ts";
import { planDeployment } from "../../plan/index.ts";
import { nodePaths } from "../../stacks/tigerbeetle/node-bootstrap.ts";
import { archiveFileName, checksumsFileName } from "../../ship/release-layout.ts";
import { synthesize } from "../../synth/index.ts";
import { toolPaths } from "../../scripts/tools.ts";
import { type MachineLock, acquireMachineLock } from "../../testing/machine-lock.ts";
import { startMetadataEmulator } from "../../testing/metadata-emulator.ts";
import { type Emulator, startMoto } from "../../testing/moto.ts";
import { type RunningProcess, startProcess, tcpReachable,
  waitFor } from "../../testing/processes.ts";
import { allows, parameterArn } from "../../testing/iam-policy.ts";
import { tigerbeetleStandInPath } from "../../testing/stand-in-path.ts";
import { ClusterWorld, type LaunchedInstance, type ReplicaResources } from "./cluster-world.ts";
import { assertOneToOne, loopbackAddresses, loopbackIp } from "./loopback-map.ts";
import { readTemplateFacts, type TemplateFacts } from "./template-facts.ts";

const repositoryRoot = resolve(import.meta.dir, "..", "..");
const exampleDir = join(repositoryRoot, "example");
const formTimeoutMs = 90_000;

interface Node {
  readonly replica: number;
  readonly instance: LaunchedInstance;
  readonly metadata: Emulator;
  readonly agent: RunningProcess;
}

interface StandInEvent {
  command: string;
  replica?: number;
  pid: number;
  madeBy?: string;
}

let scratch = "";
let binary = "";
let facts: TemplateFacts;
let moto: Emulator | undefined;
let world: ClusterWorld;
let resources: ReplicaResources[] = [];
let standIn = "";
const nodes: Node[] = [];
/** The template's replica addresses and port are fixed: one rehearsal per machine at a time. */
let loopbackLock: MachineLock | undefined;
const loopbackLockWaitMs = 300_000;
/** Skip (visibly, as skipped) only when the emulators are not installed. */
const missingTools = [toolPaths.motoServer(), toolPaths.ec2MetadataMock()]
  .filter((path) => !existsSync(path));
if (missingTools.length > 0) {
  console.warn(`rehearsal skipped: ${missingTools.join(", ")} missing; ` +
    "run `bun scripts/install-test-tools.ts`");
}
const rehearsalTest = test.skipIf(missingTools.length > 0);

async function synthesizeExample(outDir: string): Promise<TemplateFacts> {
  const loaded = await loadDeployConfig(exampleDir, { dazzleVersion });
  const project = await loadProject(exampleDir);
  const plan = planDeployment(project.appSpec, loaded.config!, {
    projectName: "example",
    dazzleVersion,
  });
  expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const synth = synthesize(plan.aws, { outDir });
  const template = (id: string) => synth.stacks.find((stack) => stack.id === id)!.template;
  return readTemplateFacts({ network: template("Network"), tigerbeetle: template("TigerBeetle"),
    compute: template("Compute") });
}

async function buildBinary(outfile: string): Promise<void> {
  const child = Bun.spawn([process.execPath, join(repositoryRoot, "scripts", "build.ts"),
    "--outfile", outfile], { cwd: repositoryRoot, stdout: "pipe", stderr: "pipe" });
  const [errors, exitCode] = await Promise.all([new Response(child.stderr).text(), child.exited]);
  if (exitCode !== 0) throw new Error(`scripts/build.ts failed (${exitCode}): ${errors}`);
}

function flagValue(command: readonly string[], flag: string): string {
  const at = command.indexOf(flag);
  if (at < 0 || command[at + 1] === undefined) throw new Error(`agent command lacks ${flag}`);
  return command[at + 1]!;
}

/** The template's agent command with the documented substitutions (see the header). */
function agentArguments(replica: number, nodeDir: string, metadataEndpoint: string): string[] {
  const command = [...facts.replicas[replica]!.agentCommand];
  expect(command[0]).toBe(nodePaths.dazzleBin);
  command[command.indexOf("--tigerbeetle-bin") + 1] = standIn;
  command[command.indexOf("--data-dir") + 1] = join(nodeDir, "data");
  return [...command.slice(1), "--development", "--volume-directory", volumesDir(),
    "--metadata-endpoint", metadataEndpoint, "--wait-seconds", "60"];
}

const volumesDir = () => join(scratch, "volumes");
const eventsFile = () => join(scratch, "stand-in-events.jsonl");

async function startNode(replica: number, label: string): Promise<Node> {
  const instance = await world.launchInstance(resources[replica]!);
  const metadata = await startMetadataEmulator({
    instanceId: instance.instanceId,
    privateIp: instance.primaryIp,
    availabilityZone: resources[replica]!.availabilityZone,
    region: world.region,
  });
  const nodeDir = join(scratch, "nodes", label);
  await mkdir(nodeDir, { recursive: true });
  const agent = startProcess(binary, agentArguments(replica, nodeDir, metadata.endpoint), {
    cwd: nodeDir,
    echoPrefix: `${label}: `,
    env: { PATH: "/usr/bin:/bin", HOME: nodeDir, XDG_CACHE_HOME: join(scratch, "cache"),
      AWS_ENDPOINT_URL: moto!.endpoint, AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing", AWS_EC2_METADATA_DISABLED: "true",
      TB_STAND_IN_EVENTS: eventsFile() },
  });
  return { replica, instance, metadata, agent };
}

async function standInEvents(): Promise<StandInEvent[]> {
  const text = await readFile(eventsFile(), "utf8").catch(() => "");
  return text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
}

/** pid of the process listening on ip:port, from `ss` (root sees every socket's owner). */
function listenerPid(ip: string, port: string): number | undefined {
  const child = Bun.spawnSync(["ss", "-Hltnp", `src ${ip}:${port}`]);
  const match = /pid=(\d+)/.exec(child.stdout.toString());
  return match ? Number(match[1]) : undefined;
}

/** Wait until replica `index` has a started stand-in (of `madeBy`) listening on its address. */
async function waitForReplicaServing(index: number, madeBy: string): Promise<StandInEvent> {
  const [ip, port] = loopbackAddresses(facts.compute.addresses).split(",")[index]!.split(":");
  return waitFor(`replica ${index} serving (${madeBy})`, formTimeoutMs, async () => {
    const start = (await standInEvents()).findLast((e) =>
      e.command === "start" && e.replica === index && e.madeBy === madeBy
    );
    if (!start || !(await tcpReachable(ip!, Number(port)))) return undefined;
    return listenerPid(ip!, port!) === start.pid ? start : undefined;
  }, 200);
}

async function dataFileOf(index: number): Promise<{ cluster: string; replica: number }> {
  const path = join(volumesDir(), resources[index]!.volumeId,
    dataFileName(facts.compute.clusterId, index));
  return JSON.parse(await readFile(path, "utf8"));
}

function agentLog(node: Node): string {
  return node.agent.lines.slice(-30).join("\n");
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "dazzle-rehearsal-"));
  await mkdir(volumesDir(), { recursive: true });
  facts = await synthesizeExample(join(scratch, "cdk.out"));
  assertOneToOne(facts.replicas.map((r) => r.networkInterface.privateIp));
  if (missingTools.length > 0) return;
  loopbackLock = await acquireMachineLock("loopback-fixed-addresses", loopbackLockWaitMs);
  binary = join(scratch, "bin", "dazzle");
  [moto] = await Promise.all([startMoto(), buildBinary(binary)]);
  standIn = await tigerbeetleStandInPath();
  world = new ClusterWorld(moto.endpoint, flagValue(facts.replicas[0]!.agentCommand, "--region"));
  await world.writeParameters(facts, flagValue(facts.replicas[0]!.agentCommand, "--ssm-prefix"));
  resources = await world.createReplicaResources(facts);
  await world.createLogGroup(facts.logGroupName);
}, 180_000 + loopbackLockWaitMs);

afterAll(async () => {
  for (const node of nodes) {
    node.agent.killGroup("SIGTERM");
    await Promise.race([node.agent.exited, Bun.sleep(5_000)]);
    node.agent.killGroup("SIGKILL");
    await node.metadata.stop();
  }
  world?.destroy();
  await moto?.stop();
  await loopbackLock?.release();
  if (scratch !== "") await rm(scratch, { recursive: true, force: true });
}, 60_000);

describe("rehearsal: example stacks + agent on loopback", () => {
  test("each node's user-data installs this dazzle version's release archive", () => {
    for (const replica of facts.replicas) {
      const settings = replica.bootstrapSettings;
      expect(settings.get("DAZZLE_VERSION")).toBe(dazzleVersion);
      // r6i instances (the example's size) are x86_64: the linux-x64 archive.
      const fileName = archiveFileName(dazzleVersion, "linux-x64");
      expect(settings.get("DAZZLE_FILE")).toBe(fileName);
      const folder = settings.get("DAZZLE_URL")!.slice(0, -fileName.length - 1);
      expect(folder).toEndWith(`/${dazzleVersion}`);
      expect(settings.get("DAZZLE_SUMS_URL")).toBe(`${folder}/${checksumsFileName}`);
      const xzFileName = archiveFileName(dazzleVersion, "linux-x64", "tar.xz");
      expect(settings.get("DAZZLE_XZ_FILE")).toBe(xzFileName);
      expect(settings.get("DAZZLE_XZ_URL")).toBe(`${folder}/${xzFileName}`);
    }
  });

  rehearsalTest("the cluster forms, and Compute's TigerBeetle settings lead to the right replicas",
    async () => {
      for (const replica of facts.replicas) {
        nodes.push(await startNode(replica.index, `replica-${replica.index}`));
      }
      const starts = [];
      for (const node of nodes) {
        try {
          starts.push(await waitForReplicaServing(node.replica, "format"));
        } catch (error) {
          throw new Error(`${(error as Error).message}\n${agentLog(node)}`);
        }
      }
      // Entry i of the ECS tasks' address list is served by the process of replica i, and
      // each replica was formatted with the cluster id the tasks are given.
      const computeList = facts.compute.addresses.split(",");
      expect(computeList.length).toBe(facts.replicas.length);
      for (const [index, entry] of computeList.entries()) {
        const [ip, port] = entry.split(":");
        expect(listenerPid(loopbackIp(ip!), port!)).toBe(starts[index]!.pid);
        expect(await dataFileOf(index)).toMatchObject(
          { cluster: facts.compute.clusterId, replica: index },
        );
      }
      const formats = (await standInEvents()).filter((e) => e.command === "format");
      expect(formats.map((e) => e.replica).sort()).toEqual(facts.replicas.map((r) => r.index));
    }, 240_000);

  rehearsalTest("a replaced node with a blank volume comes back through recover, not format",
    async () => {
      expect(nodes.length).toBe(facts.replicas.length);
      const victim = nodes.splice(1, 1)[0]!;
      victim.agent.killGroup("SIGKILL");
      await victim.agent.exited;
      await victim.metadata.stop();
      await world.terminateInstance(victim.instance.instanceId, resources[1]!);
      // The disk is lost: the new instance finds the replica's volume blank.
      const volume = join(volumesDir(), resources[1]!.volumeId);
      await rm(volume, { recursive: true, force: true });
      await mkdir(volume);
      const replacement = await startNode(1, "replica-1-replacement");
      nodes.push(replacement);
      try {
        await waitForReplicaServing(1, "recover");
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${agentLog(replacement)}`);
      }
      const events = await standInEvents();
      expect(events.filter((e) => e.command === "format" && e.replica === 1).length).toBe(1);
      expect(events.filter((e) => e.command === "recover" && e.replica === 1).length).toBe(1);
      expect(await dataFileOf(1)).toMatchObject({ cluster: facts.compute.clusterId, replica: 1 });
      const prefix = flagValue(facts.replicas[1]!.agentCommand, "--ssm-prefix");
      const nodesPath = await world.ssm.send(new GetParametersByPathCommand({
        Path: ssmNames.nodesPath(prefix),
        Recursive: true,
      }));
      const registered = new Map((nodesPath.Parameters ?? []).map((p) => [p.Name, p.Value]));
      // One registration per replica, its current instance's, under its own index: the
      // replacement removed the entry its killed predecessor left.
      expect(registered).toEqual(new Map(nodes.map((node) => [
        ssmNames.node(prefix, node.replica, node.instance.instanceId),
        loopbackAddresses(facts.compute.addresses).split(",")[node.replica],
      ])));
      expect(registered.has(ssmNames.node(prefix, 1, victim.instance.instanceId))).toBe(false);
      // What the agents wrote, the template's roles allow, each name to its own replica only.
      const context = { partition: "aws", region: world.region, account: "123456789012" };
      const writers = (action: string, name: string) =>
        facts.replicas.filter((replica) =>
          allows(replica.roleStatements, action, parameterArn(name, context), context)
        ).map((replica) => replica.index);
      for (const node of nodes) {
        const name = ssmNames.node(prefix, node.replica, node.instance.instanceId);
        for (const action of ["ssm:PutParameter", "ssm:DeleteParameter"]) {
          expect({ action, name, writers: writers(action, name) })
            .toEqual({ action, name, writers: [node.replica] });
        }
        const marker = ssmNames.formatted(prefix, node.replica);
        expect({ marker, writers: writers("ssm:PutParameter", marker) })
          .toEqual({ marker, writers: [node.replica] });
      }
      expect(await readdir(volume)).toContain(dataFileName(facts.compute.clusterId, 1));
    }, 240_000);

  rehearsalTest("each agent ships its lines and TigerBeetle's to the stack's log group",
    async () => {
      expect(nodes.length).toBe(facts.replicas.length);
      for (const replica of facts.replicas) {
        expect(flagValue(replica.agentCommand, "--log-group")).toBe(facts.logGroupName);
      }
      // Every node, the replaced one too, has a stream of its own (replica and instance).
      const expected = nodes.map((node) => `replica-${node.replica}/${node.instance.instanceId}`);
      const streams = await waitFor("every node's log stream", 30_000, async () => {
        const found = await world.logStreams(facts.logGroupName);
        const complete = expected.every((name) =>
          found.get(name)?.some((line) => line.startsWith("info: tigerbeetle: "))
        );
        return complete ? found : undefined;
      }, 500);
      for (const node of nodes) {
        const lines = streams.get(`replica-${node.replica}/${node.instance.instanceId}`)!;
        expect(lines).toContain(`info: agent for replica ${node.replica} on ` +
          `${node.instance.instanceId} (${node.instance.primaryIp}, ` +
          `${resources[node.replica]!.availabilityZone})`);
      }
    }, 60_000);
});
