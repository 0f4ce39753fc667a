/**
 * The agent's data-volume path on real block devices (`platform/storage-block.ts`): loop
 * devices stand in for EBS volumes, linked where a Nitro instance shows them
 * (`/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol…`) below a test folder, and blkid,
 * mkfs.ext4 and mount run for real. Needs root and loop devices: skipped, visibly, without them.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync,
  writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createBlockStorage, deviceCandidates } from "../../platform/storage-block.ts";
import { systemClock } from "../../platform/local.ts";

const tools = ["losetup", "blkid", "mkfs.ext4", "mount", "umount"];
const missing = [
  ...(process.getuid?.() === 0 ? [] : ["root"]),
  ...(existsSync("/dev/loop-control") ? [] : ["/dev/loop-control"]),
  ...tools.filter((tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0),
];
if (missing.length > 0) console.warn(`block-storage tests skipped: no ${missing.join(", ")}`);
const blockTest = test.skipIf(missing.length > 0);

const volumeId = "vol-0123456789abcdef0";
const imageMiB = 32;

let folder = "";
let loops: string[] = [];

function sh(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")}: ${result.status} ${result.stderr}`);
  }
  return result.stdout.trim();
}

/** A fresh, blank loop device of `imageMiB`. */
function blankDevice(name: string): string {
  const image = join(folder, `${name}.img`);
  writeFileSync(image, "");
  sh("truncate", ["-s", `${imageMiB}M`, image]);
  const device = sh("losetup", ["--find", "--show", image]);
  loops.push(device);
  return device;
}

/** Make `device` appear where a Nitro instance shows volume `volumeId`, below `deviceRoot`. */
function attach(device: string): void {
  const link = deviceCandidates(volumeId, "/dev/sdf", deviceRoot())[0]!;
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(device, link);
}

const deviceRoot = () => join(folder, "root");
const dataDir = () => join(folder, "data");
const storage = (waitMs = 5_000) => createBlockStorage(systemClock, waitMs, deviceRoot());

/** The /proc/self/mounts entry of `path`: [source, type, options]. */
function mountOf(path: string): [string, string, string] | undefined {
  const fields = readFileSync("/proc/self/mounts", "utf8").split("\n")
    .map((line) => line.split(" ")).find((entry) => entry[1] === path);
  return fields ? [fields[0]!, fields[2]!, fields[3]!] : undefined;
}

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "dazzle-block-"));
  loops = [];
});

afterEach(() => {
  for (let turn = 0; turn < 3 && mountOf(dataDir()) !== undefined; turn++) {
    spawnSync("umount", [dataDir()]);
  }
  for (const device of loops) spawnSync("losetup", ["--detach", device]);
  rmSync(folder, { recursive: true, force: true });
});

describe("block storage on loop devices", () => {
  blockTest("a blank volume gets ext4 labelled tigerbeetle, mounted noatime at the data dir",
    async () => {
      const device = blankDevice("blank");
      attach(device);
      await storage().prepare(volumeId, "/dev/sdf", dataDir());
      const [source, type, options] = mountOf(dataDir())!;
      expect(realpathSync(source)).toBe(device);
      expect(type).toBe("ext4");
      expect(options.split(",")).toContain("noatime");
      expect(sh("blkid", ["-p", "-o", "value", "-s", "LABEL", device])).toBe("tigerbeetle");
      expect(await storage().isReady(volumeId, dataDir())).toBe(true);
      expect(await storage().usedPercent(dataDir())).toBeLessThan(50);
    });

  blockTest("a volume that has a file system is mounted as it is: never formatted, data kept",
    async () => {
      const device = blankDevice("used");
      attach(device);
      await storage().prepare(volumeId, "/dev/sdf", dataDir());
      writeFileSync(join(dataDir(), "0_0.tigerbeetle"), "ledger state");
      sh("umount", [dataDir()]);
      expect(await storage().isReady(volumeId, dataDir())).toBe(false);

      await storage().prepare(volumeId, "/dev/sdf", dataDir());
      expect(readFileSync(join(dataDir(), "0_0.tigerbeetle"), "utf8")).toBe("ledger state");
    });

  blockTest("another device mounted at the data dir is an error, not a ready volume", async () => {
    attach(blankDevice("ours"));
    const other = blankDevice("other");
    sh("mkfs.ext4", ["-q", other]);
    mkdirSync(dataDir());
    sh("mount", [other, dataDir()]);
    await expect(storage().isReady(volumeId, dataDir()))
      .rejects.toThrow(`${dataDir()} is mounted from ${other}, not from volume ${volumeId}`);
  });

  blockTest("a device that shows up late is waited for", async () => {
    const device = blankDevice("late");
    const timer = setTimeout(() => attach(device), 700);
    try {
      await storage(10_000).prepare(volumeId, "/dev/sdf", dataDir());
    } finally {
      clearTimeout(timer);
    }
    expect(realpathSync(mountOf(dataDir())![0])).toBe(device);
  });

  blockTest("a device that never shows up is an error naming every place looked at", async () => {
    const looked = deviceCandidates(volumeId, "/dev/sdf", deviceRoot()).join(", ");
    await expect(storage(1_000).prepare(volumeId, "/dev/sdf", dataDir())).rejects.toThrow(
      `no device appeared for the data volume within 1000 ms (looked for ${looked})`,
    );
    expect(mountOf(dataDir())).toBeUndefined();
  });
});
