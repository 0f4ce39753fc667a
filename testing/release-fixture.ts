/**
 * Test support: build the x64 release once (the real scripts/release.ts) into a temp folder,
 * and serve release folders over HTTP on 127.0.0.1 in the layout of ship/release-layout.ts.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import packageJson from "../package.json" with { type: "json" };
import { archiveFileName, checksumsFileName } from "../ship/release-layout.ts";

export const repositoryRoot = resolve(import.meta.dir, "..");
export const releaseVersion: string = packageJson.version;

/**
 * `--compression-cache DIR` when the test command gave one (DAZZLE_RELEASE_CACHE): the release
 * tests pack the same build on every run, and xz + gzip -9 of it cost about a CPU-minute.
 */
export function compressionCacheArguments(): string[] {
  const folder = process.env.DAZZLE_RELEASE_CACHE;
  return folder ? ["--compression-cache", folder] : [];
}

/**
 * Runs scripts/release.ts for linux-x64 only; returns the folder holding its outputs. Under the
 * test command, which has just built and tested DAZZLE_TEST_BINARY from this tree, the release
 * packs that binary (`--binary`) instead of compiling the same one again.
 */
export async function buildX64Release(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), "dazzle-release-fixture-"));
  const prebuilt = process.env.DAZZLE_TEST_BINARY;
  const child = Bun.spawn([process.execPath, join(repositoryRoot, "scripts", "release.ts"),
    "--platform", "linux-x64", "--out", outDir, ...compressionCacheArguments(),
    ...(prebuilt && process.arch === "x64" ? ["--binary", prebuilt] : [])], {
    cwd: repositoryRoot,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" },
  });
  const [out, errors, exitCode] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (exitCode !== 0) throw new Error(`scripts/release.ts failed (${exitCode}):\n${out}${errors}`);
  return outDir;
}

/** A site: files by URL path. */
export type Site = Map<string, Uint8Array>;

/** `/install.sh`, `/latest`, `/<version>/<archive>`, `/<version>/SHA256SUMS`. */
export async function siteFromRelease(releaseDir: string, version: string): Promise<Site> {
  const read = async (name: string) => new Uint8Array(await readFile(join(releaseDir, name)));
  const archive = archiveFileName(version, "linux-x64");
  const xzArchive = archiveFileName(version, "linux-x64", "tar.xz");
  const site: Site = new Map([
    ["/install.sh", await read("install.sh")],
    ["/latest", await read("latest")],
    [`/${version}/${archive}`, await read(archive)],
    [`/${version}/${checksumsFileName}`, await read(checksumsFileName)],
  ]);
  if (existsSync(join(releaseDir, xzArchive))) {
    site.set(`/${version}/${xzArchive}`, await read(xzArchive));
  }
  return site;
}

export interface ReleaseServer {
  readonly baseUrl: (siteName: string) => string;
  /** Paths requested so far, in order, as `<site><path>`. */
  readonly requests: string[];
  readonly stop: () => void;
}

export interface FileServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly root: string;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  readonly stop: () => void;
}

/**
 * A loopback server answering each path with `lookup(path)`, or 404. The lookup runs per
 * request, so a test may swap a file (e.g. for tampered bytes) while the server runs.
 */
export function serveFiles(lookup: (path: string) => Uint8Array | undefined): FileServer {
  const requests: string[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const path = new URL(request.url).pathname;
      requests.push(path);
      const body = lookup(path);
      return body ? new Response(body) : new Response("not found\n", { status: 404 });
    },
  });
  // Benchmarks have no teardown hook: never let this server alone keep a process running.
  server.unref();
  return { root: `http://127.0.0.1:${server.port}`, requests, stop: () => server.stop(true) };
}

/** Serves several sites under `/<siteName>/...` from one loopback server. */
export function serveSites(sites: ReadonlyMap<string, Site>): ReleaseServer {
  const server = serveFiles((path) => {
    const slash = path.indexOf("/", 1);
    return slash < 0 ? undefined : sites.get(path.slice(1, slash))?.get(path.slice(slash));
  });
  return {
    baseUrl: (siteName) => `${server.root}/${siteName}`,
    requests: server.requests,
    stop: server.stop,
  };
}
