/** The real file system for `writeInfraApp` (atomic writes: temporary file, then rename). */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import type { InfraFileSystem } from "./write-infra-app.ts";

export const nodeFileSystem: InfraFileSystem = {
  readText: (path) => (existsSync(path) ? readFileSync(path, "utf8") : undefined),
  writeText: (path, text) => {
    const temporary = `${path}.tmp-${process.pid}`;
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  },
  remove: (path) => rmSync(path, { force: true }),
  makeDirectory: (path) => mkdirSync(path, { recursive: true }),
};
