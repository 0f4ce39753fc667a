/** The agent's local effects: clock, files, child processes and TCP probes (Node APIs). */
import { spawn as spawnChild } from "node:child_process";
import { access, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { tcpReachable } from "./tcp.ts";
import type { Clock, FilePort, ProbePort, ProcessExit, SpawnPort } from "../agent/ports.ts";

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const localFiles: FilePort = {
  async exists(path) {
    try {
      await access(path);
      return true;
    } catch {
      return false;
    }
  },
  remove: (path) => rm(path, { force: true }),
  async rename(from, to) {
    await rename(from, to);
    // Make the new name durable before the marker is written: after a power loss the data
    // file must not vanish while SSM says "formatted".
    const directory = await open(dirname(to), "r");
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  },
};

export const localSpawn: SpawnPort = {
  spawn(command, args, onLine) {
    // Same process group as the agent: when the service manager kills the agent's group
    // (systemd KillMode=control-group), TigerBeetle and any format in flight go with it.
    const child = spawnChild(command, [...args], { stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on("line", onLine);
    }
    const exited = new Promise<ProcessExit>((resolve) => {
      child.once("error", (error) => {
        onLine(`could not run ${command}: ${error.message}`);
        resolve({ code: 127, signal: null });
      });
      child.once("close", (code, signal) => resolve({ code, signal }));
    });
    return {
      pid: child.pid ?? -1,
      exited,
      kill: (signal) => {
        child.kill(signal);
      },
    };
  },
};

export const tcpProbe: ProbePort = {
  bindable(ip) {
    return new Promise((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(0, ip, () => server.close(() => resolve(true)));
    });
  },
  reachable(address, timeoutMs) {
    return tcpReachable(address.ip, address.port, timeoutMs);
  },
};
