/**
 * `bun scripts/release.ts [--out DIR] [--platform linux-x64|linux-arm64]... [--base-url URL]
 *   [--binary PATH] [--compression-cache DIR] [--skip-xz]`
 *
 * Writes dist/release/: dazzle-<version>-linux-{x64,arm64}.tar.gz (and .tar.xz when `xz` is
 * installed), SHA256SUMS, `latest` and install.sh (see docs/ship.md for uploading them).
 * Archives are reproducible: same commit, same bytes (entry mtimes = SOURCE_DATE_EPOCH, else the
 * commit time).
 *
 * `--binary PATH` releases an already built binary (scripts/build.ts's output, e.g. dist/dazzle)
 * for this machine's platform instead of compiling it again; the test command passes the binary
 * it has just built and tested. It is checked like a fresh build: the right machine type, and
 * its `--version` names this version and commit.
 *
 * `--compression-cache DIR` reuses archives compressed from the same tar before
 * (ship/compression-cache.ts): for the tests, which release the same build on every run; never
 * for a release to publish. `--skip-xz` publishes .tar.gz only, as on a machine without xz: for
 * the arm64 release test, whose checks (an aarch64 binary that runs) the xz step cannot change,
 * while xz costs about 90 CPU-seconds per build (the x64 install test covers .tar.xz).
 */
import { copyFile, rm } from "node:fs/promises";
import { arch, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import packageJson from "../package.json" with { type: "json" };
import { runVersionOnHost } from "../ship/host-runner.ts";
import { releasePlatforms, type ReleasePlatform } from "../ship/release-layout.ts";
import { buildRelease } from "../ship/release.ts";
import { folderCompressionCache } from "../ship/compression-cache.ts";
import { compressXz, findXz, xzSettings } from "../ship/xz.ts";

const rootDir = resolve(import.meta.dir, "..");

async function git(args: string[]): Promise<string> {
  const child = Bun.spawn(["git", ...args], { cwd: rootDir, stdout: "pipe", stderr: "pipe" });
  const [text, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  if (code !== 0) throw new Error(`git ${args.join(" ")} failed (exit ${code})`);
  return text.trim();
}

async function compileBinary(platform: ReleasePlatform, outfile: string): Promise<void> {
  const argv = [process.execPath, join(rootDir, "scripts", "build.ts"), "--target",
    platform.bunTarget, "--outfile", outfile];
  const child = Bun.spawn(argv, { cwd: rootDir, stdout: "inherit", stderr: "inherit" });
  const exitCode = await child.exited;
  if (exitCode !== 0) throw new Error(`scripts/build.ts for ${platform.name} exited ${exitCode}`);
}

/** Compiles every platform, except that the host's comes from `prebuilt` when given. */
function binaryBuilder(prebuilt: string | undefined, platforms: readonly ReleasePlatform[]) {
  if (prebuilt === undefined) return compileBinary;
  const hostMachine = arch() === "x64" ? "x86_64" : arch() === "arm64" ? "aarch64" : arch();
  const host = platforms.find((platform) => platform.elfMachine === hostMachine);
  if (!host) {
    throw new Error(`--binary is this machine's (${hostMachine}) binary, but no platform ` +
      `of this release runs here`);
  }
  const source = resolve(prebuilt);
  return async (platform: ReleasePlatform, outfile: string): Promise<void> => {
    if (platform !== host) return compileBinary(platform, outfile);
    console.log(`${platform.name}: releasing the already built ${source}`);
    await copyFile(source, outfile);
  };
}

function selectPlatforms(names: readonly string[] | undefined): ReleasePlatform[] {
  if (!names || names.length === 0) return [...releasePlatforms];
  return names.map((name) => {
    const platform = releasePlatforms.find((p) => p.name === name);
    if (!platform) {
      throw new Error(`unknown platform '${name}' (known: ` +
        `${releasePlatforms.map((p) => p.name).join(", ")})`);
    }
    return platform;
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    strict: true,
    allowPositionals: false,
    options: {
      out: { type: "string" },
      platform: { type: "string", multiple: true },
      "base-url": { type: "string" },
      binary: { type: "string" },
      "compression-cache": { type: "string" },
      "skip-xz": { type: "boolean" },
    },
  });
  const epoch = process.env.SOURCE_DATE_EPOCH ?? await git(["log", "-1", "--format=%ct"]);
  if (await git(["status", "--porcelain", "--untracked-files=no"]) !== "") {
    console.warn("warning: the tree has uncommitted changes (the binaries say +dirty); " +
      "do not publish this release");
  }
  const workDir = join(tmpdir(), `dazzle-release-${process.pid}`);
  try {
    return await releaseInto(values, workDir, Number.parseInt(epoch, 10));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function releaseInto(
  values: {
    out?: string;
    platform?: string[];
    "base-url"?: string;
    binary?: string;
    "compression-cache"?: string;
    "skip-xz"?: boolean;
  },
  workDir: string,
  mtimeSeconds: number,
): Promise<number> {
  const xz = values["skip-xz"] ? undefined : findXz();
  if (!xz && !values["skip-xz"]) {
    console.warn("warning: no xz on PATH: publishing .tar.gz archives only");
  }
  const platforms = selectPlatforms(values.platform);
  const result = await buildRelease({
    rootDir,
    outDir: resolve(values.out ?? join(rootDir, "dist", "release")),
    workDir,
    version: packageJson.version,
    platforms,
    mtimeSeconds,
    ...(values["base-url"] ? { baseUrl: values["base-url"] } : {}),
  }, {
    buildBinary: binaryBuilder(values.binary, platforms),
    runVersion: runVersionOnHost,
    log: (line) => console.log(line),
    headCommit: async () => (await git(["rev-parse", "HEAD"])).slice(0, 7),
    ...(xz ?
      { compressXz: { settings: await xzSettings(xz), compress: (tar) => compressXz(xz, tar) } }
      : {}),
    ...(values["compression-cache"] ?
      { compressionCache: folderCompressionCache(resolve(values["compression-cache"])) }
      : {}),
  });
  for (const artifact of result.artifacts) {
    const mib = (artifact.sizeBytes / 1048576).toFixed(1);
    console.log(`${artifact.path}  ${mib} MiB  sha256 ${artifact.sha256Hex}`);
    if (artifact.xz) {
      const xzMib = (artifact.xz.sizeBytes / 1048576).toFixed(1);
      console.log(`${artifact.xz.path}  ${xzMib} MiB  sha256 ${artifact.xz.sha256Hex}`);
    }
  }
  console.log(result.checksumsPath);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`release failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
