/**
 * Shipping benchmarks: the compressed download per platform (target: under 60 MB each; the
 * installer takes the .tar.xz where xz exists, the .tar.gz elsewhere and on nodes) and
 * the time `curl -fsSL <base>/install.sh | sh` takes against a release served from 127.0.0.1.
 * The release is built once (scripts/release.ts, both platforms) and shared by the rows.
 */
import { rmSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import packageJson from "../package.json" with { type: "json" };
import { archiveFileName, type ArchiveFormat,
  type ReleasePlatform } from "../ship/release-layout.ts";
import { serveSites, siteFromRelease, type ReleaseServer } from "../testing/release-fixture.ts";
import type { BenchEntry, RunSample } from "./types.ts";

const repositoryRoot = resolve(import.meta.dir, "..");
const version: string = packageJson.version;
/** Issue 7: a compressed download under 60 MB (decimal) per platform. */
const archiveBytesMax = 60_000_000;

let release: Promise<string> | undefined;

/** Build the full release once, on first use. */
function releaseDir(): Promise<string> {
  release ??= (async () => {
    const outDir = await mkdtemp(join(tmpdir(), "dazzle-bench-release-"));
    process.once("exit", () => rmSync(outDir, { recursive: true, force: true }));
    const child = Bun.spawn([process.execPath, join(repositoryRoot, "scripts", "release.ts"),
      "--out", outDir], { cwd: repositoryRoot, stdout: "pipe", stderr: "pipe" });
    const [errors, exitCode] = await Promise.all([
      new Response(child.stderr).text(),
      child.exited,
    ]);
    if (exitCode !== 0) throw new Error(`scripts/release.ts failed (${exitCode}): ${errors}`);
    return outDir;
  })();
  return release;
}

async function archiveBytes(platform: ReleasePlatform["name"], format: ArchiveFormat) {
  const dir = await releaseDir();
  return (await stat(join(dir, archiveFileName(version, platform, format)))).size;
}

let server: ReleaseServer | undefined;

/** One fresh install; reports the installer's CPU time (sh, curl, sha256sum, tar, --version). */
async function installOnce(): Promise<RunSample> {
  const dir = await releaseDir();
  server ??= serveSites(new Map([["bench", await siteFromRelease(dir, version)]]));
  const target = await mkdtemp(join(tmpdir(), "dazzle-bench-install-"));
  try {
    const child = Bun.spawn(["sh", "-c", "curl -fsSL \"$DAZZLE_BASE_URL/install.sh\" | sh"], {
      stdout: "ignore",
      stderr: "pipe",
      env: { PATH: "/usr/bin:/bin", HOME: target, TMPDIR: target,
        DAZZLE_BASE_URL: server.baseUrl("bench"), DAZZLE_INSTALL_DIR: join(target, "bin") },
    });
    const [errors, exitCode] = await Promise.all([
      new Response(child.stderr).text(),
      child.exited,
    ]);
    if (exitCode !== 0) throw new Error(`install.sh failed (${exitCode}): ${errors}`);
    const usage = child.resourceUsage();
    return usage ? { cpuMs: Number(usage.cpuTime.total) / 1000 } : {};
  } finally {
    await rm(target, { recursive: true, force: true });
  }
}

export const rows: readonly BenchEntry[] = [
  {
    name: "ship: dazzle-<v>-linux-x64.tar.xz (installer download)",
    unit: "bytes",
    measure: () => archiveBytes("linux-x64", "tar.xz"),
    targetMax: archiveBytesMax,
  },
  {
    name: "ship: dazzle-<v>-linux-arm64.tar.xz (installer download)",
    unit: "bytes",
    measure: () => archiveBytes("linux-arm64", "tar.xz"),
    targetMax: archiveBytesMax,
  },
  {
    name: "ship: dazzle-<v>-linux-x64.tar.gz (no xz; node bootstrap)",
    unit: "bytes",
    measure: () => archiveBytes("linux-x64", "tar.gz"),
  },
  {
    name: "ship: dazzle-<v>-linux-arm64.tar.gz (no xz; node bootstrap)",
    unit: "bytes",
    measure: () => archiveBytes("linux-arm64", "tar.gz"),
  },
  {
    name: "ship: curl | sh install from 127.0.0.1 (x64, fresh folder)",
    runs: 3,
    run: installOnce,
  },
];
