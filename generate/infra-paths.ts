/**
 * `deploy generate` writes and deletes only inside infra/: every path it touches is relative,
 * without `..`, and reached without passing through a symbolic link (a manifest entry
 * `evil/x` with `infra/evil → /elsewhere` must not delete `/elsewhere/x`).
 */
import { join } from "node:path";
import type { InfraFileSystem } from "./infra-file-system.ts";

export class InfraPathError extends Error {
  override readonly name = "InfraPathError";
}

export function isSafeRelative(path: string): boolean {
  return path !== "" && !path.startsWith("/") && !path.includes("\\") &&
    path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

/**
 * Throws unless every folder between `infraDir` and `relativePath` is a real folder (or does
 * not exist yet). The final entry is the caller's business (a file, absent, ...).
 */
export function assertReachableInside(infraDir: string, relativePath: string,
  fs: InfraFileSystem): void {
  if (!isSafeRelative(relativePath)) {
    throw new InfraPathError(`refusing ${relativePath}: not a plain path inside ${infraDir}`);
  }
  const segments = relativePath.split("/");
  let current = infraDir;
  for (const segment of segments.slice(0, -1)) {
    current = join(current, segment);
    const kind = fs.kind(current);
    if (kind === undefined) return;
    if (kind !== "directory") {
      throw new InfraPathError(`${current} is ${
        kind === "symlink" ?
          "a symbolic link" :
          "not a folder"
      }: dazzle writes and deletes only inside ${infraDir}, never through ` +
        "links (remove it, or generate into another folder with --out)");
    }
  }
}
