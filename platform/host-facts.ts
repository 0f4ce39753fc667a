/** Observe the facts that the pure host checks (agent/host-checks.ts) judge. */
import { constants } from "node:fs";
import { open, readFile, rm, statfs } from "node:fs/promises";
import { release } from "node:os";
import { join } from "node:path";
import type { HostFacts } from "../agent/host-checks.ts";
import type { HostFactsPort } from "../agent/ports.ts";

/** statfs magic numbers of the file systems worth naming. */
const fileSystemNames = new Map<number, string>([
  [0xef53, "ext4"],
  [0x58465342, "xfs"],
  [0x01021994, "tmpfs"],
  [0x9123683e, "btrfs"],
  [0x794c7630, "overlayfs"],
  [0x6969, "nfs"],
]);
const capIpcLockBit = 14n;

export const localHostFacts: HostFactsPort = {
  async observe(dataDir): Promise<HostFacts> {
    const limits = await readOptional("/proc/self/limits");
    const status = await readOptional("/proc/self/status");
    return {
      kernelRelease: release(),
      ioUringDisabled: await readOptional("/proc/sys/kernel/io_uring_disabled"),
      memlockBytes: parseMemlock(limits),
      capIpcLock: parseCapIpcLock(status),
      dataFileSystem: await fileSystemOf(dataDir),
      directIo: await directIoWorks(dataDir),
    };
  },
};

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

export function parseMemlock(limits: string | undefined): number | "unlimited" | undefined {
  const line = limits?.split("\n").find((l) => l.startsWith("Max locked memory"));
  const soft = line?.slice("Max locked memory".length).trim().split(/\s+/)[0];
  if (soft === undefined) return undefined;
  if (soft === "unlimited") return "unlimited";
  const bytes = Number(soft);
  return Number.isFinite(bytes) ? bytes : undefined;
}

export function parseCapIpcLock(status: string | undefined): boolean {
  const hex = /^CapEff:\s*([0-9a-f]+)/m.exec(status ?? "")?.[1];
  return hex !== undefined && ((BigInt(`0x${hex}`) >> capIpcLockBit) & 1n) === 1n;
}

async function fileSystemOf(path: string): Promise<string | undefined> {
  try {
    const stats = await statfs(path);
    return fileSystemNames.get(Number(stats.type)) ?? `0x${Number(stats.type).toString(16)}`;
  } catch {
    return undefined;
  }
}

async function directIoWorks(dataDir: string): Promise<boolean | undefined> {
  const probe = join(dataDir, ".dazzle-direct-io-probe");
  const flags = constants.O_CREAT | constants.O_RDWR | (constants.O_DIRECT ?? 0);
  if (constants.O_DIRECT === undefined) return undefined;
  try {
    const handle = await open(probe, flags, 0o600);
    await handle.close();
    return true;
  } catch {
    return false;
  } finally {
    await rm(probe, { force: true });
  }
}
