/**
 * decide() is the agent's specification: observed state → the one next step. The negative
 * space matters most: a data file is never formatted or recovered over, and a replica that was
 * formatted once is never formatted again.
 */
import { describe, expect, test } from "bun:test";
import { parseClusterSettings } from "../../agent/cluster-settings.ts";
import { type Action, type Observation, decide, restartBackoffMs } from "../../agent/decide.ts";
import { restartCountMax } from "../../agent/constants.ts";

const me = "i-0000000000000000a";
const other = "i-0000000000000000b";

function settingsFor(replicaCount: number) {
  const addresses = Array.from({ length: replicaCount }, (_, i) => `10.0.0.${10 + i}:3000`);
  const settings = parseClusterSettings({ clusterId: "7", replicaCount: String(replicaCount),
    addresses: addresses.join(","), version: "0.16.99" }, 0);
  if (!("clusterId" in settings)) throw new Error("bad test settings");
  return settings;
}

/** `count` replicas other than `self` answering on their address. */
function answering(count: number, self = 1): Set<number> {
  return new Set([0, 1, 2, 3, 4, 5].filter((index) => index !== self).slice(0, count));
}

/** Replica 1 of 3, volume and interface attached, storage mounted, data file present. */
function observed(changes: Partial<Observation> = {}, replicaCount = 3): Observation {
  return {
    nowMs: 100_000,
    replica: 1,
    development: false,
    shutdownRequested: false,
    instanceId: me,
    metadataIp: "10.0.1.99",
    settings: settingsFor(replicaCount),
    volumes: [{ volumeId: "vol-1", attachments: [{ instanceId: me, state: "attached" }] }],
    interfaces: [{ interfaceId: "eni-1", privateIp: "10.0.0.11", attachedInstanceId: me }],
    storageReady: true,
    hostFindings: [],
    dataFilePresent: true,
    marker: "volume=vol-1 instance=i-old at=x",
    registration: "10.0.0.11:3000",
    registeredReplicas: new Set(Array.from({ length: replicaCount }, (_, i) => i)),
    answeringPeers: answering(replicaCount - 1),
    ownIpBindable: true,
    process: { state: "absent" },
    restartTimesMs: [],
    waiting: undefined,
    waitMsMax: 60_000,
    signaled: false,
    listening: true,
    clusterAnswered: false,
    ...changes,
  };
}

const kind = (action: Action) => action.kind;
const haltReason = (action: Action) => action.kind === "halt" ? action.reason : undefined;

describe("data safety", () => {
  const table: [string, Partial<Observation>, number, string, string?][] = [
    ["first boot: no data file, no marker → format", { dataFilePresent: false, marker: undefined },
      3, "format"],
    ["data file present, marker present → start", {}, 3, "start"],
    ["data file present, marker absent (crash after format) → write the marker, not format", {
      marker: undefined,
    }, 3, "writeMarker"],
    ["data file gone, marker present, 3 replicas, quorum up → recover, not format", {
      dataFilePresent: false,
    }, 3, "recover"],
    ["data file gone, marker present, 6 replicas, 4 peers up → recover", { dataFilePresent: false,
      answeringPeers: answering(4) }, 6, "recover"],
    ["data file gone, marker present, 6 replicas, 3 peers up → wait for quorum", {
      dataFilePresent: false,
      answeringPeers: answering(3),
    }, 6, "wait"],
    ["data file gone, marker present, peers down → wait, not format", { dataFilePresent: false,
      answeringPeers: answering(0) }, 3, "wait"],
    ["data file gone, marker present, 1 replica → halt: data loss", { dataFilePresent: false }, 1,
      "halt", "dataLoss"],
  ];
  for (const [name, changes, replicaCount, expected, reason] of table) {
    test(name, () => {
      const replica = replicaCount === 1 ? { replica: 0 } : {};
      const ips = replicaCount === 1 ?
        { interfaces: [{ interfaceId: "eni-1", privateIp: "10.0.0.10", attachedInstanceId: me }],
          registration: "10.0.0.10:3000" } :
        {};
      const action = decide(observed({ ...replica, ...ips, ...changes }, replicaCount));
      expect(kind(action)).toBe(expected as Action["kind"]);
      if (reason !== undefined) expect(haltReason(action)).toBe(reason as never);
    });
  }

  test("data file present: never format or recover, whatever else is observed", () => {
    for (const marker of [undefined, "volume=vol-1 x"]) {
      for (const answeringPeers of [undefined, answering(0), answering(2)]) {
        for (const process of [{ state: "absent" as const }, { state: "exited" as const, code: 1,
          exitedAtMs: 0 }]) {
          const action = decide(observed({ marker, answeringPeers, process }));
          expect(["format", "recover"]).not.toContain(kind(action));
        }
      }
    }
  });

  test("marker present: never format, whatever else is observed", () => {
    for (const dataFilePresent of [true, false]) {
      for (const replicaCount of [1, 3, 5, 6]) {
        for (const answeringPeers of [undefined, answering(0, 0), answering(5, 0)]) {
          const action = decide(
            observed({ dataFilePresent, answeringPeers, replica: 0, registration: "10.0.0.10:3000",
              interfaces: [{ interfaceId: "e", privateIp: "10.0.0.10", attachedInstanceId: me }] },
              replicaCount),
          );
          expect(kind(action)).not.toBe("format");
        }
      }
    }
  });

  test("a running replica is never formatted or recovered, even if its file looks gone", () => {
    const running = { state: "running" as const, pid: 42, startedAtMs: 0 };
    for (const marker of [undefined, "volume=vol-1 x"]) {
      const action = decide(observed({ dataFilePresent: false, marker, process: running }));
      expect(["format", "recover"]).not.toContain(kind(action));
    }
  });
});

describe("fence and identity", () => {
  test("volume attached to another instance → wait; never attach, format or start", () => {
    const action = decide(
      observed({
        volumes: [{ volumeId: "vol-1", attachments: [{ instanceId: other, state: "attached" }] }],
      }),
    );
    expect(kind(action)).toBe("wait");
  });

  test("volume held by another instance past the wait bound → halt volumeHeld", () => {
    const action = decide(
      observed({
        volumes: [{ volumeId: "vol-1", attachments: [{ instanceId: other, state: "attached" }] }],
        waiting: { kind: "volume", sinceMs: 0 },
      }),
    );
    expect(haltReason(action)).toBe("volumeHeld");
  });

  test("running, and the volume is now attached elsewhere → halt fenceLost", () => {
    const action = decide(
      observed({
        volumes: [{ volumeId: "vol-1", attachments: [{ instanceId: other, state: "attached" }] }],
        process: { state: "running", pid: 1, startedAtMs: 0 },
      }),
    );
    expect(haltReason(action)).toBe("fenceLost");
  });

  test("unattached volume → attach it; then the interface; then prepare storage", () => {
    expect(kind(decide(observed({ volumes: [{ volumeId: "vol-1", attachments: [] }] }))))
      .toBe("attachVolume");
    expect(
      kind(decide(observed({ interfaces: [{ interfaceId: "eni-1", privateIp: "10.0.0.11" }] }))),
    ).toBe("attachInterface");
    expect(kind(decide(observed({ storageReady: false })))).toBe("prepareStorage");
  });

  test("two volumes tagged for one replica → halt, never guess", () => {
    const volume = { volumeId: "vol-x", attachments: [] };
    expect(haltReason(decide(observed({ volumes: [volume, { ...volume, volumeId: "vol-y" }] }))))
      .toBe("volumeAmbiguous");
  });

  test("addresses[i] is not this node's interface IP → halt addressMismatch, never start", () => {
    const action = decide(
      observed({
        interfaces: [{ interfaceId: "eni-1", privateIp: "10.0.0.12", attachedInstanceId: me }],
      }),
    );
    expect(haltReason(action)).toBe("addressMismatch");
  });

  test("no tagged interface: the metadata IP must be addresses[i]", () => {
    expect(haltReason(decide(observed({ interfaces: [] })))).toBe("addressMismatch");
    expect(kind(decide(observed({ interfaces: [], metadataIp: "10.0.0.11" })))).toBe("start");
  });

  test("invalid settings → halt; missing settings → wait, then halt after the bound", () => {
    expect(haltReason(decide(observed({ settings: { problem: "bad" } })))).toBe("settingsInvalid");
    expect(kind(decide(observed({ settings: { missing: "addresses" } })))).toBe("wait");
    expect(
      haltReason(
        decide(
          observed({ settings: { missing: "addresses" },
            waiting: { kind: "settings", sinceMs: 0 } }),
        ),
      ),
    ).toBe("settingsMissing");
  });

  test("host findings halt in production and are ignored with --development", () => {
    const hostFindings = [{ id: "host/kernelTooOld", message: "kernel 4.19 is older" }];
    expect(haltReason(decide(observed({ hostFindings })))).toBe("hostCheck");
    expect(kind(decide(observed({ hostFindings, development: true })))).toBe("start");
  });
});

describe("registration, quorum and supervision", () => {
  test("not registered → register own address (addresses[i]) before starting", () => {
    const action = decide(observed({ registration: undefined }));
    expect(action).toEqual({ kind: "register", address: "10.0.0.11:3000" });
  });

  test("first start waits for a view-change quorum of registered replicas", () => {
    const none = new Set<number>();
    expect(kind(decide(observed({ registeredReplicas: new Set([1]), answeringPeers: none }))))
      .toBe("wait");
    expect(kind(decide(observed({ registeredReplicas: new Set([1]), answeringPeers: undefined }))))
      .toBe("wait");
    expect(kind(decide(observed({ registeredReplicas: new Set([1, 2]), answeringPeers: none }))))
      .toBe("start");
  });

  test("first start: a peer answering on its address counts though it is not registered (a " +
    "replica of an earlier dazzle, registered as nodes/{instance-id}, in a rolling upgrade)",
    () => {
      const action = decide(
        observed({ registeredReplicas: new Set([1]), answeringPeers: new Set([2]) }),
      );
      expect(kind(action)).toBe("start");
      // Registered and answering is one replica, not two.
      const once = decide(
        observed({ registeredReplicas: new Set([1, 2]), answeringPeers: new Set([2]) }, 5),
      );
      expect(once).toEqual({ kind: "wait", waitKind: "peers",
        reason: "2 of 5 replicas registered " +
          "or answering, 3 needed; missing replicas: 0, 3, 4" });
    });

  test("a peer never registers: bounded wait, then halt naming the missing replicas", () => {
    const action = decide(
      observed({ registeredReplicas: new Set([1]), answeringPeers: new Set(),
        waiting: { kind: "peers", sinceMs: 0 } }),
    );
    expect(haltReason(action)).toBe("peersMissing");
    expect(action.kind === "halt" && action.message).toContain("missing replicas: 0, 2");
  });

  test("after a crash: restart only after the backoff, which grows", () => {
    const exited = { state: "exited" as const, code: 1, exitedAtMs: 100_000 };
    expect(kind(decide(observed({ process: exited })))).toBe("wait");
    expect(kind(decide(observed({ process: exited, nowMs: 100_000 + restartBackoffMs(0) })))).toBe(
      "start",
    );
    expect(restartBackoffMs(3)).toBeGreaterThan(restartBackoffMs(0));
    expect(restartBackoffMs(100)).toBe(30_000);
  });

  test("the interface's IP is not configured on the host yet → wait, then halt", () => {
    expect(kind(decide(observed({ ownIpBindable: false })))).toBe("wait");
    expect(
      haltReason(
        decide(observed({ ownIpBindable: false, waiting: { kind: "address", sinceMs: 0 } })),
      ),
    ).toBe("addressNotLocal");
  });

  test("restarts older than the restart window are forgotten", () => {
    const oldRestarts = Array.from({ length: restartCountMax }, (_, i) => i);
    const action = decide(
      observed({ nowMs: 10_000_000, restartTimesMs: oldRestarts,
        process: { state: "exited", code: 1, exitedAtMs: 9_000_000 } }),
    );
    expect(kind(action)).toBe("start");
  });

  test("a crash loop halts instead of restarting forever", () => {
    const action = decide(
      observed({ process: { state: "exited", code: 1, exitedAtMs: 0 },
        restartTimesMs: Array.from({ length: restartCountMax }, (_, i) => i) }),
    );
    expect(haltReason(action)).toBe("crashLoop");
  });

  test("running: register if needed, signal once the cluster answered, then steady", () => {
    const process = { state: "running" as const, pid: 1, startedAtMs: 0 };
    expect(kind(decide(observed({ process, registration: undefined })))).toBe("register");
    expect(kind(decide(observed({ process })))).toBe("queryCluster");
    expect(kind(decide(observed({ process, clusterAnswered: true })))).toBe("signalReady");
    expect(kind(decide(observed({ process, signaled: true })))).toBe("steady");
  });

  test("shutdown: stop TigerBeetle, then deregister, then exit", () => {
    const process = { state: "running" as const, pid: 1, startedAtMs: 0 };
    expect(kind(decide(observed({ shutdownRequested: true, process })))).toBe("stop");
    expect(kind(decide(observed({ shutdownRequested: true })))).toBe("deregister");
    expect(kind(decide(observed({ shutdownRequested: true, registration: undefined }))))
      .toBe("exit");
  });
});

describe("ready means serving", () => {
  const process = { state: "running" as const, pid: 1, startedAtMs: 0 };
  const table: [string, Partial<Observation>, number, Action["kind"]][] = [
    ["started, not listening yet → wait, even if the cluster answered", { listening: false,
      clusterAnswered: true }, 3, "wait"],
    ["listening, cluster not asked yet → ask it", {}, 3, "queryCluster"],
    ["listening, the cluster answered → ready", { clusterAnswered: true }, 3, "signalReady"],
    ["6 replicas: listening is not enough either → ask the cluster", {}, 6, "queryCluster"],
    ["exited during start-up → never ready, restart", {
      process: { state: "exited", code: 1, exitedAtMs: 0 },
      clusterAnswered: true,
      nowMs: 10_000_000,
    }, 3, "start"],
  ];
  for (const [name, changes, replicaCount, expected] of table) {
    test(name, () => {
      expect(kind(decide(observed({ process, ...changes }, replicaCount)))).toBe(expected);
    });
  }

  test("waiting to serve never halts: TigerBeetle runs", () => {
    const action = decide(
      observed({ process, listening: false, waiting: { kind: "serving", sinceMs: 0 },
        nowMs: 10_000_000 }),
    );
    expect(kind(action)).toBe("wait");
  });
});
