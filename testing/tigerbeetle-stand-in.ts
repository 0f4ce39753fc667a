/**
 * A TigerBeetle stand-in for tests: enforces the documented CLI contract (the team's TigerBeetle
 * notes, src/tigerbeetle/cli.zig) without being a database. Run by the wrapper that
 * `tigerbeetleStandInPath()` writes.
 *   format  --cluster=<u128> --replica=<i> --replica-count=<n> <path>    refuses an existing file
 *   recover --cluster --addresses --replica --replica-count <path>       n ≥ 3, quorum reachable
 *   start   --addresses=<...> [--cache-grid=<n>GiB] [--development] [--experimental ...] <path>
 *   repl    --cluster --addresses --command=<statements>   answers once a view-change quorum
 *                                                          listens; until then it waits, as a
 *                                                          real client does
 *   version
 * `start` listens on addresses[replica] (TCP) and holds the data file lock until SIGTERM.
 * Test knobs (environment): TB_STAND_IN_EVENTS (JSON lines of what ran),
 * TB_STAND_IN_FORMAT_DELAY_MS (a slow format), TB_STAND_IN_LOCK_LINGER_FILE (while this file
 * exists, a dead holder's lock is still held, like a slow flock release: the test decides when
 * it goes, instead of a time that a loaded machine might overrun).
 */
import { appendFileSync, existsSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { quorums } from "../ir/tigerbeetle-cluster.ts";

type Flags = Map<string, string | true>;

const lockRetries = 5;
const lockRetryMs = 50;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

function parse(args: string[]): { flags: Flags; positionals: string[] } {
  const flags: Flags = new Map();
  const positionals: string[] = [];
  for (const arg of args) {
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    if (equals < 0) flags.set(arg.slice(2), true);
    else flags.set(arg.slice(2, equals), arg.slice(equals + 1));
  }
  return { flags, positionals };
}

function allowOnly(flags: Flags, allowed: string[]): void {
  for (const name of flags.keys()) {
    if (!allowed.includes(name)) fail(`unknown argument: --${name}`);
  }
}

function value(flags: Flags, name: string, required: boolean): string | undefined {
  const found = flags.get(name);
  if (found === true) fail(`--${name}: expected a value`);
  if (found === undefined && required) fail(`--${name}: argument is required`);
  return found;
}

function onePath(positionals: string[]): string {
  if (positionals.length !== 1) fail("expected exactly one data file path");
  return positionals[0]!;
}

function integer(text: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    fail(`--${name}: invalid value '${text}'`);
  }
  return Number(text);
}

function event(record: Record<string, unknown>): void {
  const file = process.env.TB_STAND_IN_EVENTS;
  if (file) appendFileSync(file, `${JSON.stringify({ ...record, pid: process.pid })}\n`);
}

interface DataFile {
  cluster: string;
  replica: number;
  replicaCount: number;
  madeBy: string;
}

function clusterReplica(flags: Flags) {
  const cluster = value(flags, "cluster", false) ?? "0";
  if (!/^\d{1,39}$/.test(cluster)) fail(`--cluster: invalid value '${cluster}'`);
  const replicaCount = integer(value(flags, "replica-count", true)!, "replica-count", 1, 6);
  const replica = integer(value(flags, "replica", true)!, "replica", 0, 5);
  if (replica >= replicaCount) fail("--replica: must be less than --replica-count");
  return { cluster, replica, replicaCount };
}

function addressList(text: string): { host: string; port: number }[] {
  return text.split(",").map((entry) => {
    const colon = entry.lastIndexOf(":");
    const host = entry.slice(0, colon);
    if (colon < 0 || !/^\d+\.\d+\.\d+\.\d+$/.test(host)) fail(`--addresses: invalid '${entry}'`);
    return { host, port: integer(entry.slice(colon + 1), "addresses", 1, 65_535) };
  });
}

async function format(args: string[]): Promise<void> {
  const { flags, positionals } = parse(args);
  allowOnly(flags, ["cluster", "replica", "replica-count", "development"]);
  const identity = clusterReplica(flags);
  const path = onePath(positionals);
  if (existsSync(path)) fail(`data file already exists: ${path}`);
  event({ command: "format", replica: identity.replica, path });
  writeFileSync(path, "partial\n", { flag: "wx" });
  const delayMs = Number(process.env.TB_STAND_IN_FORMAT_DELAY_MS ?? "0");
  if (delayMs > 0) await Bun.sleep(delayMs);
  const data: DataFile = { ...identity, madeBy: "format" };
  writeFileSync(path, JSON.stringify(data));
  event({ command: "formatted", replica: identity.replica, path });
}

async function recover(args: string[]): Promise<void> {
  const { flags, positionals } = parse(args);
  allowOnly(flags, ["cluster", "addresses", "replica", "replica-count", "development"]);
  const identity = clusterReplica(flags);
  const addresses = addressList(value(flags, "addresses", true)!);
  const path = onePath(positionals);
  if (identity.replicaCount < 3) fail("recover requires --replica-count >= 3");
  if (addresses.length !== identity.replicaCount) fail("--addresses: wrong number of entries");
  if (existsSync(path)) fail(`data file already exists: ${path}`);
  const peers = addresses.filter((_, index) => index !== identity.replica);
  const up = (await Promise.all(peers.map((peer) => reachable(peer.host, peer.port))))
    .filter(Boolean).length;
  // "recover requires the cluster to be healthy and capable of view-changing": a view-change
  // quorum of the other replicas must answer (3 → 2, 5 → 3, 6 → 4).
  const viewChange = quorums(identity.replicaCount).viewChange;
  if (up < viewChange) fail(`recover needs a healthy cluster: only ${up} peers reachable`);
  event({ command: "recover", replica: identity.replica, path });
  const data: DataFile = { ...identity, madeBy: "recover" };
  writeFileSync(path, JSON.stringify(data), { flag: "wx" });
}

/** A client: it registers once a view-change quorum of replicas listens, then answers. */
async function repl(args: string[]): Promise<void> {
  const { flags, positionals } = parse(args);
  allowOnly(flags, ["cluster", "addresses", "command"]);
  if (positionals.length > 0) fail("repl takes no positional arguments");
  value(flags, "cluster", true);
  const addresses = addressList(value(flags, "addresses", true)!);
  const needed = quorums(addresses.length).viewChange;
  for (;;) {
    const up = (await Promise.all(addresses.map((a) => reachable(a.host, a.port))))
      .filter(Boolean).length;
    if (up >= needed) break;
    await Bun.sleep(100);
  }
  event({ command: "repl", statements: value(flags, "command", false) ?? "" });
  // What the real repl does when a lookup finds nothing (src/repl.zig): exit 1.
  process.stderr.write("No accounts were found.\n");
  process.exit(1);
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 500);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

function lockHeld(lockPath: string): boolean {
  if (!existsSync(lockPath)) return false;
  const holder = Number(readFileSync(lockPath, "utf8"));
  try {
    process.kill(holder, 0);
    return true;
  } catch {
    const linger = process.env.TB_STAND_IN_LOCK_LINGER_FILE;
    return linger !== undefined && existsSync(linger);
  }
}

async function start(args: string[]): Promise<void> {
  const { flags, positionals } = parse(args);
  const experimental = flags.has("experimental");
  const known = ["addresses", "cache-grid", "development", "experimental"];
  for (const name of flags.keys()) {
    if (!known.includes(name) && !experimental) fail(`--${name} requires --experimental`);
  }
  const addresses = addressList(value(flags, "addresses", true)!);
  const cacheGrid = value(flags, "cache-grid", false);
  if (cacheGrid !== undefined && !/^\d+(GiB|MiB)$/.test(cacheGrid)) fail("--cache-grid: invalid");
  const path = onePath(positionals);
  if (!existsSync(path)) fail(`data file not found: ${path}`);
  const data = JSON.parse(readFileSync(path, "utf8")) as DataFile;
  if (addresses.length !== data.replicaCount) {
    fail(`--addresses: expected ${data.replicaCount} addresses, got ${addresses.length}`);
  }
  const lockPath = `${path}.lock`;
  for (let attempt = 0; attempt <= lockRetries; attempt++) {
    if (!lockHeld(lockPath)) break;
    if (attempt === lockRetries) fail("another process holds the data file lock");
    await Bun.sleep(lockRetryMs);
  }
  writeFileSync(lockPath, String(process.pid));
  const own = addresses[data.replica]!;
  const server = createServer((socket) => socket.on("error", () => socket.destroy()));
  await new Promise<void>((resolve) => {
    server.once("error", (error) => fail(`cannot listen on ${own.host}:${own.port}: ${error}`));
    server.listen(own.port, own.host, () => resolve());
  });
  event({ command: "start", replica: data.replica, path, madeBy: data.madeBy,
    addresses: value(flags, "addresses", true), development: flags.has("development") });
  // TigerBeetle's own line once its data file is open (src/tigerbeetle/main.zig).
  process.stdout.write(`info(main): ${data.replica}: cluster=${data.cluster}: listening on ` +
    `${own.host}:${own.port}\n`);
  process.once("SIGTERM", () => {
    server.close();
    try {
      unlinkSync(lockPath);
    } catch { /* already gone */ }
    event({ command: "stopped", replica: data.replica });
    process.exit(0);
  });
}

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case "format":
    await format(rest);
    break;
  case "recover":
    await recover(rest);
    break;
  case "start":
    await start(rest);
    break;
  case "repl":
    await repl(rest);
    break;
  case "version":
    process.stdout.write("TigerBeetle version 0.16.99+stand-in\n");
    break;
  default:
    fail(`unknown command: ${command ?? "(none)"}`);
}
