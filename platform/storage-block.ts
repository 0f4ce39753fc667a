/**
 * The real data volume: wait for the attached EBS device, create ext4 only on a blank device
 * (blkid finds no signature), mount it with noatime at the data directory.
 * On Nitro instances the device is NVMe and its serial holds the volume id:
 * /dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123... ; Xen instances use the requested
 * name (/dev/sdf, often shown as /dev/xvdf).
 */
import { execFile } from "node:child_process";
import { access, mkdir, readFile, realpath } from "node:fs/promises";
import { join } from "node:path";
import type { Clock, StoragePort } from "../agent/ports.ts";
import { usedPercentOf } from "./storage-directory.ts";

const devicePollMs = 500;
const commandTimeoutMs = 300_000;
/** blkid's exit status when the device has no recognisable signature: it is blank. */
const blkidNothingFound = 2;

/** Where the volume's device may appear; `root` is "/" except in tests (a folder of links). */
export function deviceCandidates(volumeId: string, device: string, root = "/"): string[] {
  const serial = volumeId.replace("-", "");
  const letter = device.replace(/^\/dev\/(sd|xvd)/, "");
  return [`/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${serial}`, device, `/dev/xvd${letter}`]
    .map((path) => join(root, path));
}

export function createBlockStorage(clock: Clock, deviceWaitMs: number,
  deviceRoot = "/"): StoragePort {
  return {
    async prepare(volumeId, device, dataDir) {
      const path = await waitForDevice(clock, deviceCandidates(volumeId, device, deviceRoot),
        deviceWaitMs);
      const blank = await isBlank(path);
      if (blank) await run("mkfs.ext4", ["-q", "-L", "tigerbeetle", path]);
      await mkdir(dataDir, { recursive: true });
      await run("mount", ["-o", "noatime", path, dataDir]);
    },
    async isReady(volumeId, dataDir) {
      const mounts = await readFile("/proc/self/mounts", "utf8");
      const source = mounts.split("\n").map((line) => line.split(" "))
        .find((fields) => fields[1] === dataDir)?.[0];
      if (source === undefined) return false;
      const sourcePath = await realpath(source).catch(() => source);
      for (const candidate of deviceCandidates(volumeId, "/dev/sdf", deviceRoot)) {
        const candidatePath = await realpath(candidate).catch(() => undefined);
        if (candidatePath === sourcePath) return true;
      }
      throw new Error(`${dataDir} is mounted from ${source}, not from volume ${volumeId}`);
    },
    usedPercent: (dataDir) => usedPercentOf(dataDir),
  };
}

async function waitForDevice(clock: Clock, candidates: readonly string[], waitMs: number) {
  const attemptsMax = Math.max(1, Math.ceil(waitMs / devicePollMs));
  for (let attempt = 0; attempt < attemptsMax; attempt++) {
    for (const candidate of candidates) {
      if (await access(candidate).then(() => true, () => false)) return candidate;
    }
    await clock.sleep(devicePollMs);
  }
  throw new Error(`no device appeared for the data volume within ${waitMs} ms ` +
    `(looked for ${candidates.join(", ")})`);
}

/** True only when blkid positively reports "no signature"; any other failure is an error. */
async function isBlank(path: string): Promise<boolean> {
  const result = await runStatus("blkid", ["-p", "-o", "value", "-s", "TYPE", path]);
  if (result.code === 0) return false;
  if (result.code === blkidNothingFound) return true;
  throw new Error(`blkid ${path} failed (${result.code}): ${result.output}`);
}

function runStatus(command: string,
  args: string[]): Promise<{ readonly code: number; readonly output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: commandTimeoutMs }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

async function run(command: string, args: string[]): Promise<void> {
  const result = await runStatus(command, args);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.code}): ${result.output}`);
  }
}
