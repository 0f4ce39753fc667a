/**
 * Storage for tests and rehearsals (`--volume-directory DIR`): volume `vol-x` is the folder
 * `DIR/vol-x`, and "mounting" makes the data directory a symlink to it. EC2 (the emulator)
 * still decides who holds the volume, so the fence is exercised; only the block device layer
 * is replaced.
 */
import { lstat, mkdir, readdir, readlink, rmdir, statfs, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { StoragePort } from "../agent/ports.ts";

export function createDirectoryStorage(root: string): StoragePort {
  return {
    async prepare(volumeId, _device, dataDir) {
      const target = join(root, volumeId);
      await mkdir(target, { recursive: true });
      await mkdir(dirname(dataDir), { recursive: true });
      const existing = await lstat(dataDir).catch(() => undefined);
      if (existing?.isSymbolicLink()) return;
      if (existing?.isDirectory()) {
        // Like mounting over a folder: only an empty mount point is acceptable.
        if ((await readdir(dataDir)).length > 0) {
          throw new Error(`data directory ${dataDir} is not empty and not the volume's mount`);
        }
        await rmdir(dataDir);
      }
      await symlink(target, dataDir);
    },
    async isReady(volumeId, dataDir) {
      const link = await readlink(dataDir).catch(() => undefined);
      return link === join(root, volumeId);
    },
    usedPercent: (dataDir) => usedPercentOf(dataDir),
  };
}

export async function usedPercentOf(path: string): Promise<number | undefined> {
  try {
    const stats = await statfs(path);
    if (stats.blocks === 0) return undefined;
    return Math.round(((stats.blocks - stats.bfree) / stats.blocks) * 1000) / 10;
  } catch {
    return undefined;
  }
}
