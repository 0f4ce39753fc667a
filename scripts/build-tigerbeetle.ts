/**
 * Build the real TigerBeetle server for the agent tests from the vendored source
 * (`../shared/vendor/tigerbeetle-<version>-src.tar.gz`, see its README), with Zig from PyPI.
 * TigerBeetle's release downloads are unreachable here, and no registry ships the server.
 *
 * The binary (`tigerbeetle version` → 0.17.8+1e2826e) is cached under the tools folder and
 * never committed; it is built in a temporary folder renamed into place only when complete.
 * No second, "upgrade" build: TigerBeetle switches releases only between multiversion binaries,
 * and packing one needs a past release that is itself multiversion (src/build_multiversion.zig
 * parses it), i.e. a published release download, unreachable here (docs/agent.md, "Upgrades").
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pinned, tigerbeetleSourceTarball, toolPaths, toolsDirectory } from "./tools.ts";

type Run = (command: string[], options?: { env?: Record<string, string>; cwd?: string }) => void;

/** Returns why the build was skipped, or undefined once the binary is in place. */
export function installTigerBeetle(run: Run): string | undefined {
  const release = toolPaths.tigerbeetle();
  if (existsSync(release)) return undefined;
  const tarball = tigerbeetleSourceTarball();
  if (!existsSync(tarball)) return `no TigerBeetle source at ${tarball} (../shared is missing)`;
  const digest = createHash("sha256").update(readFileSync(tarball)).digest("hex");
  if (digest !== pinned.tigerbeetleSourceSha256) {
    throw new Error(`${tarball}: SHA-256 ${digest}, expected ${pinned.tigerbeetleSourceSha256}`);
  }
  buildInto(run, installZig(run), tarball, release);
  return undefined;
}

/** Zig 0.14.1 (what this release's own zig download script asks for) from PyPI, in its venv. */
function installZig(run: Run): string {
  const venv = join(toolsDirectory(), `venv-ziglang-${pinned.ziglang}`);
  const python = join(venv, "bin", "python");
  if (existsSync(join(venv, "complete"))) return python;
  rmSync(venv, { recursive: true, force: true });
  run(["python3", "-m", "venv", venv]);
  run([python, "-m", "pip", "install", "--quiet", `ziglang==${pinned.ziglang}`]);
  run(["touch", join(venv, "complete")]);
  return python;
}

function buildInto(run: Run, python: string, tarball: string, destination: string): void {
  // destination is <folder>/bin/tigerbeetle: the folder appears whole or not at all.
  const folder = join(destination, "..", "..");
  const work = `${folder}.building-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  const source = join(work, "source");
  mkdirSync(source, { recursive: true });
  try {
    run(["tar", "-xzf", tarball, "-C", source, "--strip-components=1"]);
    prepareGitHistory(run, source);
    run([python, "-m", "ziglang", "build", "-Drelease", `-Dgit-commit=${pinned.tigerbeetleCommit}`,
      `-Dconfig-release=${pinned.tigerbeetle}`,
      `-Dconfig-release-client-min=${pinned.tigerbeetleClientMin}`], {
      cwd: source,
      // Zig's caches stay inside the build folder and go with it.
      env: { ZIG_GLOBAL_CACHE_DIR: join(work, "zig-global-cache") },
    });
    mkdirSync(join(work, "bin"), { recursive: true });
    renameSync(join(source, "zig-out", "bin", "tigerbeetle"), join(work, "bin", "tigerbeetle"));
    rmSync(source, { recursive: true, force: true });
    rmSync(join(work, "zig-global-cache"), { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
    renameSync(work, folder);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * build.zig lists past release tags (`git tag --merged HEAD^`) while configuring, for upgrade
 * tests this build does not run, and fails without at least a few. An unpacked archive is no
 * git repository: give it two commits and past tags on the first (vendor README).
 */
function prepareGitHistory(run: Run, source: string): void {
  const git = (...args: string[]) =>
    run(["git", "-c", "user.name=dazzle-tests", "-c", "user.email=tests@dazzle.invalid", "-c",
      "commit.gpgsign=false", ...args], { cwd: source });
  git("init", "--quiet");
  git("commit", "--quiet", "--allow-empty", "-m", "history stand-in");
  for (const tag of pinned.tigerbeetlePastTags) git("tag", tag);
  git("add", "--all");
  git("commit", "--quiet", "-m", `TigerBeetle ${pinned.tigerbeetle} source`);
}
