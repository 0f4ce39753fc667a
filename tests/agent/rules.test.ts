/**
 * The agent's small pure rules as tables: the stack's settings, TigerBeetle command
 * lines, host checks, and the agent command line.
 */
import { describe, expect, test } from "bun:test";
import { parseClusterSettings } from "../../agent/cluster-settings.ts";
import { checkHost, type HostFacts } from "../../agent/host-checks.ts";
import { clientRequestAnswered, clientRequestArgs, formatArgs, recoverArgs,
  startArgs } from "../../agent/tigerbeetle-cli.ts";
import { metricData } from "../../agent/metrics.ts";
import { initialState } from "../../agent/state.ts";
import { run } from "../../cli/commands/agent.ts";
import { UsageError } from "../../cli/errors.ts";

describe("cluster settings from SSM", () => {
  const good = { clusterId: "42", replicaCount: "3",
    addresses: "10.0.1.10:3000,10.0.2.10:3000,10.0.3.10:3000", version: "0.16.99" };
  test("valid settings keep the order of addresses", () => {
    const settings = parseClusterSettings(good, 2);
    expect("clusterId" in settings && settings.addresses.map((a) => a.ip))
      .toEqual(["10.0.1.10", "10.0.2.10", "10.0.3.10"]);
  });
  const problems: [string, Partial<typeof good>, number, RegExp][] = [
    ["a name instead of an IP", { addresses: "tb-0:3000,10.0.2.10:3000,10.0.3.10:3000" }, 0,
      /IPv4 literal/],
    ["fewer addresses than replicas", { addresses: "10.0.1.10:3000,10.0.2.10:3000" }, 0,
      /2 entries but replica_count is 3/],
    ["a duplicate address", { addresses: "10.0.1.10:3000,10.0.1.10:3000,10.0.3.10:3000" }, 0,
      /duplicate/],
    ["a replica index past the count", {}, 3, /not below replica_count/],
    ["a cluster id that is not a u128", { clusterId: "-1" }, 0, /u128/],
    ["seven replicas", { replicaCount: "7" }, 0, /1\.\.6/],
    ["no port", { addresses: "10.0.1.10,10.0.2.10:3000,10.0.3.10:3000" }, 0, /ip:port/],
  ];
  for (const [name, change, replica, message] of problems) {
    test(`refused: ${name}`, () => {
      const settings = parseClusterSettings({ ...good, ...change }, replica);
      expect("problem" in settings && settings.problem).toMatch(message);
    });
  }
  test("a missing parameter is 'missing' (wait), not a problem (halt)", () => {
    expect(parseClusterSettings({ ...good, addresses: undefined }, 0))
      .toEqual({ missing: "addresses" });
  });
});

describe("TigerBeetle command lines", () => {
  const settings = parseClusterSettings({ clusterId: "42", replicaCount: "3",
    addresses: "10.0.1.10:3000,10.0.2.10:3000,10.0.3.10:3000", version: "x" }, 1);
  if (!("clusterId" in settings)) throw new Error("test settings");
  test("format, recover and start follow the documented CLI", () => {
    expect(formatArgs(settings, 1, false, "/d/f")).toEqual(["format", "--cluster=42", "--replica=1",
      "--replica-count=3", "/d/f"]);
    expect(formatArgs(settings, 1, true, "/d/f")).toContain("--development");
    expect(recoverArgs(settings, 1, false, "/d/f")).toEqual(["recover", "--cluster=42",
      "--addresses=10.0.1.10:3000,10.0.2.10:3000,10.0.3.10:3000", "--replica=1",
      "--replica-count=3", "/d/f"]);
    expect(startArgs(settings, { cacheGridMib: 12 * 1024, development: false }, "/d/f"))
      .toEqual(["start", "--addresses=10.0.1.10:3000,10.0.2.10:3000,10.0.3.10:3000",
        "--cache-grid=12GiB", "/d/f"]);
    expect(startArgs(settings, { cacheGridMib: 32, development: true }, "/d/f"))
      .toContain("--cache-grid=32MiB");
    expect(clientRequestAnswered({ code: 0 }, [])).toBe(true);
    expect(clientRequestAnswered({ code: 1 }, ["No accounts were found."])).toBe(true);
    expect(clientRequestAnswered({ code: 1 }, ["error: connection refused"])).toBe(false);
    expect(clientRequestAnswered({ code: null }, ["No accounts were found."])).toBe(false);
    expect(clientRequestArgs(settings)).toEqual(["repl", "--cluster=42",
      "--addresses=10.0.1.10:3000,10.0.2.10:3000,10.0.3.10:3000",
      "--command=lookup_accounts id=1;"]);
  });
});

describe("host checks", () => {
  const healthy: HostFacts = { kernelRelease: "6.1.0-18-cloud-amd64", ioUringDisabled: "0\n",
    memlockBytes: 8_388_608, capIpcLock: true, dataFileSystem: "ext4", directIo: true };
  const table: [string, Partial<HostFacts>, string][] = [
    ["kernel 5.10", { kernelRelease: "5.10.0-28-amd64" }, "host/kernelTooOld"],
    ["io_uring disabled", { ioUringDisabled: "2\n" }, "host/ioUringDisabled"],
    ["small memlock, no CAP_IPC_LOCK", { capIpcLock: false }, "host/memlockTooLow"],
    ["data on tmpfs", { dataFileSystem: "tmpfs" }, "host/dataFileSystem"],
    ["no Direct I/O", { directIo: false }, "host/directIo"],
  ];
  test("a healthy host has no findings", () => {
    expect(checkHost(healthy)).toEqual([]);
    expect(
      checkHost({ ...healthy, kernelRelease: "5.11.0", capIpcLock: false, memlockBytes: "unlimited",
        dataFileSystem: "xfs" }),
    ).toEqual([]);
  });
  for (const [name, change, id] of table) {
    test(`finding: ${name}`, () => {
      expect(checkHost({ ...healthy, ...change }).map((finding) => finding.id)).toEqual([id]);
    });
  }
});

describe("the agent command line", () => {
  const context = (args: string[]) => ({ args, cwd: "/", env: {}, stdout: () => {},
    stderr: () => {}, color: false, quiet: false, verbose: false });
  const table: [string[], RegExp][] = [
    [["--environment", "e", "--region", "r", "--replica", "0"], /--app is required/],
    [["--app", "a", "--environment", "e", "--region", "r", "--replica", "6"], /0\.\.5/],
    [["--app", "a", "--environment", "e", "--region", "r", "--replica", "0", "--signal-stack", "S"],
      /go together/],
    [["--app", "a", "--environment", "e", "--region", "r", "--replica", "0", "--wait-seconds",
      "1.5"], /whole number/],
    [["--app", "a", "--environment", "e", "--region", "r", "--replica", "0", "--bogus"],
      /unknown flag/],
  ];
  for (const [args, message] of table) {
    test(`usage error: ${message.source}`, async () => {
      const outcome = run(context(args));
      await expect(outcome).rejects.toBeInstanceOf(UsageError);
      await expect(outcome).rejects.toThrow(message);
    });
  }
});

describe("metric data", () => {
  test("a data-loss halt is visible: phase halted, DataLossHalt 1, replica down", () => {
    const state = initialState({ instanceId: "i-1", privateIp: "10.0.0.10", availabilityZone: "a",
      region: "r" });
    state.phase = "halted";
    state.dataLossHalt = true;
    const values = Object.fromEntries(metricData(state, 12.5).map((d) => [d.name, d.value]));
    expect(values).toEqual({ AgentHeartbeat: 1, ReplicaProcessUp: 0, ReplicaRestarts: 0,
      RegisteredPeers: 0, QuorumReachable: 0, AgentPhase: 7, DataLossHalt: 1,
      DataVolumeUsedPercent: 12.5 });
  });
});
