/**
 * A TigerBeetle client for tests and benchmarks: the real binary's `repl`, one statement per
 * run (it answers the first statement and exits), its JSON answers parsed. A request the
 * cluster cannot answer hangs in the client, so every run is bounded.
 */
import { spawn } from "node:child_process";

export interface Account {
  readonly id: string;
  readonly debits_posted: string;
  readonly credits_posted: string;
}

export interface ClusterClient {
  /** Run one statement; resolves with the answers (JSON objects) in order. */
  run(statement: string, timeoutMs?: number): Promise<Record<string, unknown>[]>;
  lookupAccounts(ids: readonly number[], timeoutMs?: number): Promise<Account[]>;
}

const statementTimeoutMsDefault = 60_000;

export function clusterClient(bin: string, clusterId: string, addresses: string): ClusterClient {
  const run = (statement: string, timeoutMs = statementTimeoutMsDefault) =>
    runStatement(bin, [`--cluster=${clusterId}`, `--addresses=${addresses}`], statement, timeoutMs);
  return {
    run,
    async lookupAccounts(ids, timeoutMs) {
      const answers = await run(`lookup_accounts ${ids.map((id) => `id=${id}`).join(", ")}`,
        timeoutMs);
      return answers as unknown as Account[];
    },
  };
}

async function runStatement(bin: string, args: readonly string[], statement: string,
  timeoutMs: number): Promise<Record<string, unknown>[]> {
  const child = spawn(bin, ["repl", ...args, `--command=${statement}`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr!.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  if (code !== 0) {
    throw new Error(`tigerbeetle repl '${statement}' ended with ${code ?? "a signal"} ` +
      `(bound ${timeoutMs} ms): ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
  }
  const text = stdout.trim();
  return text === "" ? [] : JSON.parse(`[${text.replace(/\}\s*\{/g, "},{")}]`);
}
