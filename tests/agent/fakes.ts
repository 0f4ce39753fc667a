/**
 * In-memory ports for in-process agent tests: an SSM map, EC2 volumes/interfaces, files as a
 * set, a spawn that records commands (format/recover create their file), a manual clock.
 */
import type { AgentConfig } from "../../agent/config.ts";
import type { ChildProcess, Deps, ProcessExit } from "../../agent/ports.ts";

export interface FakeWorld {
  readonly deps: Deps;
  readonly ssm: Map<string, string>;
  /** Every SSM write in order: `put NAME`, `remove NAME` (conditional puts: `putIfAbsent`). */
  readonly ssmWrites: string[];
  readonly files: Set<string>;
  readonly commands: string[][];
  /** Value `get` returns for a name, overriding the map (simulates a concurrent writer). */
  readonly getOverrides: Map<string, string>;
  shutdown: boolean;
}

export const fakeConfig: AgentConfig = {
  app: "app",
  environment: "test",
  region: "us-east-1",
  replica: 0,
  ssmPrefix: "/app/test/tigerbeetle",
  tigerbeetleBin: "/bin/tigerbeetle",
  dataDir: "/data",
  signal: undefined,
  metricsNamespace: "Dazzle/app",
  logGroup: undefined,
  metricsIntervalMs: 60_000,
  waitMsMax: 60_000,
  cacheGridMib: 1024,
  development: true,
};

export function fakeWorld(): FakeWorld {
  let nowMs = 1_000_000;
  const ssm = new Map<string, string>([
    ["/app/test/tigerbeetle/cluster_id", "7"],
    ["/app/test/tigerbeetle/replica_count", "1"],
    ["/app/test/tigerbeetle/addresses", "10.0.0.10:3000"],
    ["/app/test/tigerbeetle/version", "0.16.99"],
  ]);
  const files = new Set<string>();
  const commands: string[][] = [];
  const ssmWrites: string[] = [];
  const getOverrides = new Map<string, string>();
  const attachments = new Map<string, string>();
  let ready = false;
  const world: FakeWorld = { ssm, ssmWrites, files, commands, getOverrides, shutdown: false,
    deps: undefined as unknown as Deps };
  const deps: Deps = {
    clock: { nowMs: () => nowMs, sleep: async (ms) => {
      nowMs += ms;
    } },
    metadata: {
      identity: async () => ({ instanceId: "i-1", privateIp: "10.0.0.10",
        availabilityZone: "us-east-1a", region: "us-east-1" }),
    },
    ssm: {
      listByPath: async (path) =>
        [...ssm].filter(([name]) => name.startsWith(`${path}/`))
          .map(([name, value]) => ({ name, value })),
      get: async (name) => getOverrides.get(name) ?? ssm.get(name),
      putIfAbsent: async (name, value) => {
        ssmWrites.push(`putIfAbsent ${name}`);
        if (ssm.has(name)) return "exists";
        ssm.set(name, value);
        return "created";
      },
      put: async (name, value) => {
        ssmWrites.push(`put ${name}`);
        ssm.set(name, value);
      },
      remove: async (name) => {
        ssmWrites.push(`remove ${name}`);
        ssm.delete(name);
      },
    },
    ec2: {
      findVolumes: async () => [{ volumeId: "vol-1", attachments: attachments.has("vol-1")
        ? [{ instanceId: attachments.get("vol-1")!, state: "attached" }] :
        [] }],
      findInterfaces: async () => [],
      attachVolume: async (volumeId, instanceId) => {
        attachments.set(volumeId, instanceId);
        return "attached";
      },
      attachInterface: async () => "attached",
    },
    metrics: { publish: async () => {} },
    stackSignal: { signal: async () => {} },
    storage: { prepare: async () => {
      ready = true;
    }, isReady: async () => ready, usedPercent: async () => 1 },
    files: { exists: async (path) => files.has(path), remove: async (path) => {
      files.delete(path);
    }, rename: async (from, to) => {
      files.delete(from);
      files.add(to);
    } },
    spawn: { spawn: (_command, args) => fakeChild(world, args) },
    probe: { reachable: async () => true, bindable: async () => true },
    hostFacts: {
      observe: async () => ({ kernelRelease: "6.1.0", ioUringDisabled: "0",
        memlockBytes: "unlimited", capIpcLock: true, dataFileSystem: "ext4", directIo: true }),
    },
    log: { info: () => {}, warn: () => {}, error: () => {} },
    logShipper: { flush: async () => {} },
    random: () => 0.5,
    shutdownRequested: () => world.shutdown,
  };
  (world as { deps: Deps }).deps = deps;
  return world;
}

function fakeChild(world: FakeWorld, args: readonly string[]): ChildProcess {
  world.commands.push([...args]);
  const path = args[args.length - 1]!;
  if (args[0] === "format" || args[0] === "recover") world.files.add(path);
  let resolveExit: (exit: ProcessExit) => void = () => {};
  const exited = new Promise<ProcessExit>((resolve) => {
    resolveExit = resolve;
  });
  if (args[0] !== "start") resolveExit({ code: 0, signal: null });
  // A started replica runs until killed; the test asks for shutdown once it started.
  if (args[0] === "start") world.shutdown = true;
  return { pid: 4242, exited, kill: () => resolveExit({ code: 0, signal: "SIGTERM" }) };
}
