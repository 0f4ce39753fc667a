/** The real file system for `deploy generate` (generate/infra-file-system.ts). */
import { linkSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync,
  writeFileSync } from "node:fs";
import { readRegularTextFile } from "../files/read-regular-file.ts";
import type { EntryKind, InfraFileSystem } from "./infra-file-system.ts";

/** Generated files are small; a stored template can be large (versioning bounds it too). */
const readBytesMax = 64 * 1024 * 1024;

export const nodeFileSystem: InfraFileSystem = {
  readText: (path) => readRegularTextFile(path, readBytesMax),
  kind: (path): EntryKind | undefined => {
    try {
      const info = lstatSync(path);
      return info.isSymbolicLink() ? "symlink" : info.isDirectory() ?
        "directory"
        : info.isFile()
        ? "file"
        : "other";
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  },
  list: (path) => {
    try {
      return readdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
  },
  writeText: (path, text) => writeFileSync(path, text),
  // Written whole under a private name, then linked into place: link(2) fails when the name
  // exists, and whoever sees the file sees all of it (a crash never leaves it half-written).
  createExclusive: (path, text) => {
    const temporary = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}`;
    writeFileSync(temporary, text, { flag: "wx" });
    try {
      linkSync(temporary, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    } finally {
      rmSync(temporary, { force: true });
    }
  },
  rename: (from, to) => renameSync(from, to),
  remove: (path) => rmSync(path, { recursive: true, force: true }),
  makeDirectory: (path) => mkdirSync(path, { recursive: true }),
};
