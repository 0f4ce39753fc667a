/**
 * `tigerbeetle status` for people (a table, then each replica's problems) and for programs
 * (`--json`: the ClusterStatus as is).
 */
import { formatAge, type ClusterStatus, type ReplicaStatus } from "./cluster-status.ts";

export function renderStatusJson(status: ClusterStatus): string {
  return `${JSON.stringify(status, null, 2)}\n`;
}

export function renderStatusText(
  status: ClusterStatus,
  paint: (colour: "green" | "yellow" | "red" | "dim", text: string) => string,
): string {
  const quorum = `quorum ${status.quorum.up} of ${status.quorum.needed} needed up: ` +
    (status.quorum.met ? paint("green", "yes") : paint("red", "NO"));
  const lines = [`TigerBeetle cluster ${status.cluster} (${status.region}): ` +
    `${status.replicaCount} replica${status.replicaCount === 1 ? "" : "s"}, ` +
    `version ${status.version ?? "unknown"}, ${quorum}`, ""];
  const header = ["replica", "state", "instance", "address", "nodes/", "formatted", "last metric",
    "version"];
  const rows = status.replicas.map((
    replica,
  ) => [String(replica.replica), replica.state, instanceCell(replica), replica.address ?? "-",
    replica.registered ? "yes" : "no", replica.formatted ? "yes" : "no",
    replica.lastMetric ? `${formatAge(replica.lastMetric.ageSeconds)} ago` : "none",
    replica.version ?? "-"]
  );
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length))
  );
  const format = (row: readonly string[]) =>
    row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  lines.push(paint("dim", format(header)));
  rows.forEach((row, index) => {
    const replica = status.replicas[index]!;
    const text = format(row);
    lines.push(replica.state === "up" ? text : paint("red", text));
  });
  for (const replica of status.replicas) {
    for (const problem of replica.problems) lines.push(`replica ${replica.replica}: ${problem}`);
  }
  for (const note of status.notes) lines.push(`note: ${note}`);
  lines.push("", status.health === "healthy"
    ? paint("green", "healthy: every replica is up")
    : paint(status.quorum.met ? "yellow" : "red", `degraded: ${summary(status)}`));
  return `${lines.join("\n")}\n`;
}

function instanceCell(replica: ReplicaStatus): string {
  if (!replica.instance) return "-";
  return `${replica.instance.id} (${replica.instance.lifecycleState})`;
}

function summary(status: ClusterStatus): string {
  const down = status.replicas.filter((replica) => replica.state === "down").length;
  const downText = down === 0 ?
    "every replica is up, with problems above"
    : `${down} of ${status.replicaCount} replica${status.replicaCount === 1 ? "" : "s"} down`;
  return status.quorum.met ?
    `${downText}; the cluster keeps its quorum`
    : `${downText}; the cluster has lost its quorum and cannot commit`;
}
