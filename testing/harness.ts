/**
 * One test file's world: moto behind the AWS proxy, a temporary work folder, and helpers to
 * read what the stand-in did. Nothing here talks to anything but loopback.
 */
import { GetParametersByPathCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AwsProxy, startAwsProxy } from "./aws-proxy.ts";
import { type AgentNode, type ClusterFixture, awsClientConfig, startAgentNode } from "./cluster.ts";
import { type MotoServer, startMoto } from "./moto.ts";
import { tcpReachable, waitFor } from "./processes.ts";

/** SDK clients created inside tests must never reach real AWS or the real metadata service. */
function isolateAwsEnvironment(): void {
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  process.env.AWS_ACCESS_KEY_ID = "testing";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
  process.env.AWS_REGION = "us-east-1";
}

export interface TestWorld {
  readonly moto: MotoServer;
  readonly proxy: AwsProxy;
  /** The endpoint agents and tests use: the proxy. */
  readonly endpoint: string;
  readonly workDirectory: string;
  stop(): Promise<void>;
}

export async function startTestWorld(): Promise<TestWorld> {
  isolateAwsEnvironment();
  const moto = await startMoto();
  // A safety net if the test process ends without afterAll (a crash, a closed pipe).
  process.once("exit", () => moto.killNow());
  const proxy = await startAwsProxy(moto.endpoint);
  const workDirectory = await mkdtemp(join(tmpdir(), "dazzle-agent-test-"));
  return {
    moto,
    proxy,
    endpoint: proxy.endpoint,
    workDirectory,
    async stop() {
      await proxy.stop();
      await moto.stop();
      await rm(workDirectory, { recursive: true, force: true });
    },
  };
}

export interface StandInEvent {
  readonly command: string;
  readonly replica?: number;
  readonly path?: string;
  readonly madeBy?: string;
  readonly addresses?: string;
  readonly pid: number;
}

export async function standInEvents(node: AgentNode): Promise<StandInEvent[]> {
  const text = await readFile(node.eventsFile, "utf8").catch(() => "");
  return text.split("\n").filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as StandInEvent);
}

/**
 * Wait until the stand-in has recorded `count` runs of `command` for this node, and return
 * them. Tests wait for the events they check, not for a listener: the stand-in records `start`
 * just after it listens, so a listener alone says nothing about the record.
 */
export async function waitForStandInEvents(node: AgentNode, command: string, count: number,
  timeoutMs = 30_000): Promise<StandInEvent[]> {
  return await waitFor(`${count} '${command}' event(s) of replica ${node.replica}`, timeoutMs,
    async () => {
      const matching = (await standInEvents(node)).filter((e) => e.command === command);
      return matching.length >= count ? matching : undefined;
    });
}

/** All parameters below the cluster's prefix, as a name → value map. */
export async function ssmSnapshot(fixture: ClusterFixture): Promise<Map<string, string>> {
  const ssm = new SSMClient(awsClientConfig(fixture.endpoint));
  const result = new Map<string, string>();
  let nextToken: string | undefined;
  for (let page = 0; page < 20; page++) {
    const response = await ssm.send(
      new GetParametersByPathCommand({ Path: fixture.prefix, Recursive: true,
        NextToken: nextToken }),
    );
    for (const parameter of response.Parameters ?? []) {
      result.set(parameter.Name!, parameter.Value!);
    }
    nextToken = response.NextToken;
    if (nextToken === undefined) break;
  }
  return result;
}

export async function stopAll(nodes: readonly AgentNode[]): Promise<void> {
  await Promise.all(nodes.map((node) => node.stop()));
}

/** Wait until something accepts TCP connections on `ip:port`. */
export async function waitListening(address: string, timeoutMs: number): Promise<void> {
  const [ip, port] = address.split(":");
  await waitFor(`a listener on ${address}`, timeoutMs,
    async () => (await tcpReachable(ip!, Number(port))) ? true : undefined, 100);
}

/** Start one agent per replica and wait until every replica listens on its address. */
export async function formCluster(fixture: ClusterFixture, tigerbeetleBin: string,
  extraArgs: readonly string[] = []): Promise<AgentNode[]> {
  const nodes = await Promise.all(
    Array.from({ length: fixture.replicaCount },
      (_, replica) => startAgentNode(fixture, replica, { tigerbeetleBin, extraArgs })),
  );
  try {
    for (const address of fixture.addresses) await waitListening(address, 30_000);
  } catch (error) {
    await stopAll(nodes);
    throw error;
  }
  return nodes;
}
