/**
 * The judgement of `tigerbeetle status` on hand-made observations: the cases a live emulator
 * cannot stage cheaply (a halted agent, an old heartbeat, an instance on an older launch
 * template, a registration for the wrong address or under the wrong replica, a 6-replica quorum,
 * entries an earlier dazzle left as `nodes/{instance-id}`).
 */
import { describe, expect, test } from "bun:test";
import { evaluateCluster } from "../../status/cluster-status.ts";
import type { LegacyNodeEntry, NodeRegistration } from "../../ir/tigerbeetle-node.ts";
import type { ClusterObservation } from "../../status/observation.ts";

const now = new Date("2026-11-30T12:00:00Z");
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);

function observation(replicaCount: number, change: (o: Mutable) => void = () => undefined) {
  const addresses = Array.from({ length: replicaCount }, (_, i) => `10.0.${16 + i}.10:3000`);
  const o: Mutable = {
    cluster: "shop-prod",
    region: "eu-west-1",
    prefix: "/shop/prod/tigerbeetle",
    replicaCount,
    settings: { addresses: addresses.join(","), version: "0.17.8",
      replicaCount: String(replicaCount) },
    groupNames: addresses.map((_, i) => `shop-prod-tigerbeetle-${i}`),
    groups: new Map(
      addresses.map((_, i) => [i, {
        instances: [{ id: `i-${i}`, lifecycleState: "InService", launchTemplateCurrent: true }],
      }]),
    ),
    instances: new Map(addresses.map((_, i) => [`i-${i}`, { state: "running" }])),
    registrations: addresses.map((address, i) => ({ replica: i, instanceId: `i-${i}`, address })),
    legacy: [],
    formatted: new Map(addresses.map((_, i) => [i, "formatted"])),
    metrics: new Map(
      addresses.map((_,
        i) => [i, { heartbeatAt: secondsAgo(20), processUp: 1, quorumReachable: 1,
        dataLossHalt: 0 }]
      ),
    ),
    metricWindowMinutes: 30,
  };
  change(o);
  return o as ClusterObservation;
}

type Mutable = { -readonly [K in keyof ClusterObservation]: ClusterObservation[K] } & {
  groups: Map<number,
    { instances: { id: string; lifecycleState: string; launchTemplateCurrent?: boolean }[] }>;
  registrations: NodeRegistration[];
  legacy: LegacyNodeEntry[];
  metrics: Map<number,
    { heartbeatAt?: Date; processUp?: number; quorumReachable?: number; dataLossHalt?: number }>;
};

describe("evaluateCluster", () => {
  test("every replica in service, registered, formatted and reporting: healthy", () => {
    const status = evaluateCluster(observation(3), now);
    expect(status.health).toBe("healthy");
    expect(status.quorum).toEqual({ needed: 2, up: 3, met: true });
    expect(status.replicas.map((replica) => replica.problems)).toEqual([[], [], []]);
  });

  test("a heartbeat older than the alarm's 5 minutes: that replica is down", () => {
    const status = evaluateCluster(observation(3, (o) => {
      o.metrics.set(1, { heartbeatAt: secondsAgo(6 * 60), processUp: 1 });
    }), now);
    expect(status.replicas[1]!.state).toBe("down");
    expect(status.replicas[1]!.problems).toEqual(["the agent's last heartbeat is 6m old"]);
    expect(status.health).toBe("degraded");
  });

  test("a halted agent (data loss) is down and says where to read on", () => {
    const status = evaluateCluster(observation(3, (o) => {
      o.metrics.set(0, { heartbeatAt: secondsAgo(10), processUp: 0, dataLossHalt: 1 });
    }), now);
    expect(status.replicas[0]!.state).toBe("down");
    expect(status.replicas[0]!.problems[0]).toContain("Data loss halt");
  });

  test("an instance on an older launch template: up, but flagged for an instance refresh", () => {
    const status = evaluateCluster(observation(3, (o) => {
      o.groups.set(2, {
        instances: [{ id: "i-2", lifecycleState: "InService", launchTemplateCurrent: false }],
      });
    }), now);
    expect(status.replicas[2]!.state).toBe("up");
    expect(status.replicas[2]!.problems[0]).toContain("older launch template");
    expect(status.health).toBe("degraded");
  });

  test("a registration naming another address does not count as registered", () => {
    const status = evaluateCluster(observation(3, (o) => {
      o.registrations[1] = { replica: 1, instanceId: "i-1", address: "10.0.99.10:3000" };
    }), now);
    expect(status.replicas[1]!.registered).toBe(false);
    expect(status.replicas[1]!.state).toBe("down");
    expect(status.replicas[1]!.problems).toContain("/shop/prod/tigerbeetle/nodes/1/i-1 says " +
      "10.0.99.10:3000, but replica 1's address is 10.0.17.10:3000");
  });

  test("a registration under another replica's index does not count for the instance", () => {
    const status = evaluateCluster(observation(3, (o) => {
      o.registrations[1] = { replica: 0, instanceId: "i-1", address: "10.0.17.10:3000" };
    }), now);
    expect(status.replicas[1]!.registered).toBe(false);
    expect(status.replicas[1]!.problems[0]).toBe("instance i-1 has not registered under " +
      "/shop/prod/tigerbeetle/nodes/1/ (the agent has not attached the replica's volume and " +
      "address yet, or is not running)");
    expect(status.notes).toEqual(["nodes/ still lists 1 instance no replica runs on " +
      "(i-1 (replica 0)): left by replaced or stopped nodes"]);
  });

  test("6 replicas keep a quorum with 4 up (2 failures tolerated), not with 3", () => {
    const four = evaluateCluster(observation(6, (o) => {
      o.groups.delete(4);
      o.groups.delete(5);
    }), now);
    expect(four.quorum).toEqual({ needed: 4, up: 4, met: true });
    const three = evaluateCluster(observation(6, (o) => {
      for (const replica of [3, 4, 5]) o.groups.delete(replica);
    }), now);
    expect(three.quorum).toEqual({ needed: 4, up: 3, met: false });
  });

  test("registrations of instances no replica runs on are reported as a note", () => {
    const status = evaluateCluster(observation(3, (o) => {
      o.registrations.push({ replica: 0, instanceId: "i-0ld", address: "10.0.16.10:3000" });
    }), now);
    expect(status.notes).toEqual(["nodes/ still lists 1 instance no replica runs on " +
      "(i-0ld (replica 0)): left by replaced or stopped nodes"]);
    expect(status.legacyEntries).toEqual([]);
    expect(status.health).toBe("healthy");
  });

  test("nodes/{instance-id} entries of an earlier dazzle: a note with the command to delete " +
    "them, never counted as registrations", () => {
    const status = evaluateCluster(observation(3, (o) => {
      // The previous contract: each replica's instance registered directly under nodes/.
      o.registrations = o.registrations.filter((entry) => entry.replica !== 2);
      o.legacy = [{ instanceId: "i-2", address: "10.0.18.10:3000" }, { instanceId: "i-0ab",
        address: "10.0.16.10:3000" }];
    }), now);
    expect(status.replicas[2]!.registered).toBe(false);
    expect(status.replicas[2]!.state).toBe("down");
    expect(status.legacyEntries).toEqual(["/shop/prod/tigerbeetle/nodes/i-0ab",
      "/shop/prod/tigerbeetle/nodes/i-2"]);
    expect(status.notes).toEqual(["nodes/ holds 2 entries an earlier dazzle wrote as " +
      "nodes/{instance-id}, before registrations carried the replica index (i-0ab, i-2): " +
      "nothing reads them and the replicas may not delete them; delete them with: " +
      "aws ssm delete-parameters --region eu-west-1 --names " +
      "/shop/prod/tigerbeetle/nodes/i-0ab /shop/prod/tigerbeetle/nodes/i-2"]);
  });

  test("more legacy entries than one DeleteParameters call takes: one command per 10 names", () => {
    const ids = Array.from({ length: 12 }, (_, i) => `i-${(0xa0 + i).toString(16)}`);
    const status = evaluateCluster(observation(3, (o) => {
      o.legacy = ids.map((instanceId) => ({ instanceId, address: "10.0.16.10:3000" }));
    }), now);
    expect(status.health).toBe("healthy");
    const commands = status.notes[0]!.split("delete them with: ")[1]!.split(" && ");
    expect(commands.map((command) => command.split(" --names ")[1]!.split(" ").length))
      .toEqual([10, 2]);
    expect(commands.flatMap((command) => command.split(" --names ")[1]!.split(" ")))
      .toEqual([...status.legacyEntries]);
  });
});
