/**
 * The whole loop in process, with in-memory ports: the order of effects on a cold node, and
 * the "crash loudly, do nothing" rule when a safety fact changes between observe and act.
 */
import { expect, test } from "bun:test";
import { runAgent } from "../../agent/agent.ts";
import { AssertionError } from "../../agent/assert.ts";
import { formatTimeoutMs, shutdownCheckMs } from "../../agent/constants.ts";
import { fakeConfig, fakeWorld } from "./fakes.ts";
import { waitFor } from "../../testing/processes.ts";

const dataFile = "/data/7_0.tigerbeetle";

test("cold single node: format into a temporary file, rename, marker, register, start, stop",
  async () => {
    const world = fakeWorld();
    const code = await runAgent(fakeConfig, world.deps);
    expect(code).toBe(0);
    expect(world.commands.map((args) => args[0])).toEqual(["format", "start"]);
    expect(world.commands[0]!.at(-1)).toBe(`${dataFile}.formatting`);
    expect(world.commands[1]!.at(-1)).toBe(dataFile);
    expect(world.commands[1]).toContain("--addresses=10.0.0.10:3000");
    expect(world.files.has(dataFile)).toBe(true);
    expect(world.ssm.get("/app/test/tigerbeetle/formatted/0")).toContain("volume=vol-1");
    // Registered under its replica's own path, and deregistered at shutdown.
    expect(world.ssmWrites).toEqual(["putIfAbsent /app/test/tigerbeetle/formatted/0",
      "put /app/test/tigerbeetle/nodes/0/i-1", "remove /app/test/tigerbeetle/nodes/0/i-1"]);
    expect(world.ssm.has("/app/test/tigerbeetle/nodes/0/i-1")).toBe(false);
  });

test("registering removes only this replica's stale entries: never another replica's, never " +
  "a nodes/{instance-id} entry of an earlier dazzle", async () => {
  const world = fakeWorld();
  const kept = new Map([
    ["/app/test/tigerbeetle/nodes/1/i-2", "10.0.0.11:3000"],
    ["/app/test/tigerbeetle/nodes/i-0", "10.0.0.10:3000"],
    ["/app/test/tigerbeetle/nodes/i-1", "10.0.0.10:3000"],
    ["/app/test/tigerbeetle/nodes/01/i-3", "10.0.0.10:3000"],
  ]);
  for (const [name, value] of kept) world.ssm.set(name, value);
  world.ssm.set("/app/test/tigerbeetle/nodes/0/i-0", "10.0.0.10:3000");
  world.ssm.set("/app/test/tigerbeetle/nodes/0/i-9", "10.0.0.99:3000");
  expect(await runAgent(fakeConfig, world.deps)).toBe(0);
  expect(world.ssmWrites.filter((write) => write.includes("/nodes/"))).toEqual([
    "remove /app/test/tigerbeetle/nodes/0/i-0",
    "remove /app/test/tigerbeetle/nodes/0/i-9",
    "put /app/test/tigerbeetle/nodes/0/i-1",
    "remove /app/test/tigerbeetle/nodes/0/i-1",
  ]);
  for (const [name, value] of kept) expect(world.ssm.get(name)).toBe(value);
});

test("a marker that appears between observe and format: crash, and format never runs", async () => {
  const world = fakeWorld();
  world.getOverrides.set("/app/test/tigerbeetle/formatted/0", "volume=vol-9 instance=i-9");
  const outcome = runAgent(fakeConfig, world.deps);
  await expect(outcome).rejects.toBeInstanceOf(AssertionError);
  await expect(outcome).rejects.toThrow(/must be recovered, never formatted/);
  expect(world.commands).toEqual([]);
  expect(world.files.size).toBe(0);
});

test("a data file that appears before format: crash, and format never runs", async () => {
  const world = fakeWorld();
  const exists = world.deps.files.exists;
  let calls = 0;
  // Observe sees no data file; the re-check in act sees one.
  (world.deps.files as { exists: (path: string) => Promise<boolean> }).exists = async (path) =>
    path === dataFile ? (calls++ > 0) : exists(path);
  await expect(runAgent(fakeConfig, world.deps)).rejects.toThrow(/never format data/);
  expect(world.commands).toEqual([]);
});

test("without --development, a failed host check halts before anything is formatted", async () => {
  const world = fakeWorld();
  (world.deps as { hostFacts: typeof world.deps.hostFacts }).hostFacts = {
    observe: async () => ({ kernelRelease: "4.19.0", ioUringDisabled: "0",
      memlockBytes: "unlimited", capIpcLock: true, dataFileSystem: "ext4", directIo: true }),
  };
  const code = await runAgent({ ...fakeConfig, development: false }, world.deps);
  expect(code).toBe(1);
  expect(world.commands).toEqual([]);
  expect(world.ssm.has("/app/test/tigerbeetle/formatted/0")).toBe(false);
});

test("a log group that does not answer never holds up the replica; the stop ships last words",
  async () => {
    const world = fakeWorld();
    const base = world.deps.clock;
    let offsetMs = 0;
    const spawn = world.deps.spawn.spawn;
    const deps = {
      ...world.deps,
      // Format takes 10 s here, so a periodic flush falls due before TigerBeetle starts.
      clock: { nowMs: () => base.nowMs() + offsetMs, sleep: base.sleep },
      spawn: {
        spawn: (command: string, args: readonly string[], onLine: (line: string) => void) => {
          if (args[0] === "format") offsetMs += 10_000;
          return spawn(command, args, onLine);
        },
      },
      logShipper: { flush: (stream: string) => {
        flushes.push({ stream, startedAfter: world.commands.map((args) => args[0]!) });
        // The first flush hangs until the test lets it go; later ones answer at once.
        return flushes.length === 1 ? gate : Promise.resolve();
      } },
    };
    const flushes: { stream: string; startedAfter: string[] }[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const outcome = runAgent(fakeConfig, deps);
    await waitFor("TigerBeetle to start", 30_000,
      () => world.commands.some((a) => a[0] === "start") || undefined, 1);
    // TigerBeetle started while the first flush was still hanging.
    expect(world.commands.map((args) => args[0])).toEqual(["format", "start"]);
    expect(flushes).toEqual([{ stream: "replica-0/i-1", startedAfter: ["format"] }]);
    release();
    expect(await outcome).toBe(0);
    // The stop waited for the hanging flush, then shipped the last words.
    expect(flushes.map((flush) => flush.startedAfter)).toEqual([["format"], ["format", "start"]]);
  });

test("a cold node re-reads SSM and EC2 before each step, except after one that changed only " +
  "this host or whose change it recorded (mount, format, marker)", async () => {
  const world = fakeWorld();
  const events: string[] = [];
  const listByPath = world.deps.ssm.listByPath;
  const base = world.deps.clock;
  const deps = {
    ...world.deps,
    // The format's timeout never fires (the fake's format is instant): the view stays younger
    // than the re-read interval, as after a real mount, format or marker write of a second.
    clock: { nowMs: base.nowMs,
      sleep: (ms: number) => ms >= formatTimeoutMs ? new Promise<void>(() => {}) : base.sleep(ms) },
    ssm: { ...world.deps.ssm, listByPath: (path: string) => {
      events.push("read");
      return listByPath(path);
    } },
    log: { ...world.deps.log, info: (line: string) => void events.push(line) },
  };
  expect(await runAgent(fakeConfig, deps)).toBe(0);
  const steps = events.filter((event) => event === "read" || /^[a-zA-Z]+$/.test(event));
  expect(steps.slice(0, steps.indexOf("start") + 1)).toEqual(["read", "attachVolume", "read",
    "prepareStorage", "format", "writeMarker", "register", "read", "start"]);
});

test("TigerBeetle's 'listening on' wakes the waiting loop: the client request follows within " +
  "one shutdown-check slice, not after the wait's poll interval", async () => {
  const world = fakeWorld();
  let listeningAtMs: number | undefined;
  let askedAtMs: number | undefined;
  let announce: (() => void) | undefined;
  let stopReplica: () => void = () => {};
  const base = world.deps.clock;
  const deps = {
    ...world.deps,
    clock: { nowMs: base.nowMs, sleep: async (ms: number) => {
      await base.sleep(ms);
      // TigerBeetle opens its data file for 5 s, then says so; the agent is mid-wait then.
      if (announce !== undefined && base.nowMs() >= startedAtMs + 5_000) {
        listeningAtMs = base.nowMs();
        announce();
        announce = undefined;
      }
    } },
    spawn: { spawn: (command: string, args: readonly string[], onLine: (line: string) => void) => {
      if (args[0] === "repl") askedAtMs ??= base.nowMs();
      if (args[0] !== "start") return world.deps.spawn.spawn(command, args, onLine);
      startedAtMs = base.nowMs();
      announce = () => onLine("info(main): 0: cluster=7: listening on 10.0.0.10:3000");
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
        stopReplica = () => resolve({ code: 0, signal: "SIGTERM" });
      });
      return { pid: 4343, exited, kill: () => stopReplica() };
    } },
    log: { ...world.deps.log, info: (line: string) => {
      if (line.startsWith("ready: ")) world.shutdown = true;
    } },
  };
  let startedAtMs = Number.POSITIVE_INFINITY;
  expect(await runAgent(fakeConfig, deps)).toBe(0);
  expect(listeningAtMs).toBeDefined();
  expect(askedAtMs! - listeningAtMs!).toBeLessThanOrEqual(shutdownCheckMs);
});
