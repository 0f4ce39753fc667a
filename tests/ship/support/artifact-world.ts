/**
 * Test support for `deploy artifacts`: release files as the real sources publish them, served
 * on 127.0.0.1 — TigerBeetle's (zips under `<download base>/<v>/`, and the GitHub release JSON
 * listing each asset's `sha256:` digest) and dazzle's (archives + SHA256SUMS under
 * `<base>/<v>/`) — plus a proxy in front of moto that records S3 requests and can hold one
 * upload forever, so a test can kill the uploader in the middle of it.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatSha256Sums, sha256Hex } from "../../../ship/checksums.ts";
import { packArchive } from "../../../ship/pack-archive.ts";
import { archiveFileName, archiveFolderName } from "../../../ship/release-layout.ts";
import { serveFiles } from "../../../testing/release-fixture.ts";

/** Stand-in binaries: scripts that say who they are, as the bootstrap sandbox runs them. */
function fakeTigerBeetleZip(version: string, architecture: string): Uint8Array {
  const folder = mkdtempSync(join(tmpdir(), "dazzle-tb-zip-"));
  try {
    writeFileSync(join(folder, "tigerbeetle"),
      `#!/bin/sh\necho "TigerBeetle version ${version} (${architecture})"\n`, { mode: 0o755 });
    const zip = spawnSync("zip", ["-q", "-X", join(folder, "out.zip"), "tigerbeetle"], {
      cwd: folder,
    });
    if (zip.status !== 0) throw new Error(`zip failed: ${zip.stderr}`);
    return new Uint8Array(readFileSync(join(folder, "out.zip")));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function fakeDazzleArchive(version: string, platform: "linux-x64" | "linux-arm64") {
  return packArchive({ folderName: archiveFolderName(version, platform),
    binary: new TextEncoder().encode(`#!/bin/sh\necho "dazzle ${version} (${platform})"\n`),
    documents: new Map(), mtimeSeconds: 1_700_000_000 });
}

export interface ReleaseSite {
  readonly tigerbeetleDownloads: string;
  readonly tigerbeetleApi: string;
  readonly dazzleBase: string;
  /** Request paths, in order. */
  readonly requests: string[];
  /** Replace a served file (path below the server root) — e.g. with tampered bytes. */
  readonly files: Map<string, Uint8Array>;
  stop(): void;
}

/** Both sources for one dazzle and one TigerBeetle version, both architectures. */
export function serveReleases(versions: { dazzle: string; tigerbeetle: string }): ReleaseSite {
  const files = new Map<string, Uint8Array>();
  const assets: { name: string; digest: string }[] = [];
  for (const architecture of ["x86_64", "aarch64"]) {
    const name = `tigerbeetle-${architecture}-linux.zip`;
    const zip = fakeTigerBeetleZip(versions.tigerbeetle, architecture);
    files.set(`/tb/download/${versions.tigerbeetle}/${name}`, zip);
    assets.push({ name, digest: `sha256:${sha256Hex(zip)}` });
  }
  // As GitHub lists them: other assets too (with digests), which must be ignored.
  assets.push({ name: "tigerbeetle-universal-macos.zip", digest: `sha256:${"a".repeat(64)}` });
  files.set(`/tb/api/releases/tags/${versions.tigerbeetle}`, new TextEncoder().encode(
    JSON.stringify({ tag_name: versions.tigerbeetle, assets }),
  ));
  const sums: { fileName: string; sha256Hex: string }[] = [];
  for (const platform of ["linux-x64", "linux-arm64"] as const) {
    const fileName = archiveFileName(versions.dazzle, platform);
    const archive = fakeDazzleArchive(versions.dazzle, platform);
    files.set(`/dazzle/${versions.dazzle}/${fileName}`, archive);
    sums.push({ fileName, sha256Hex: sha256Hex(archive) });
  }
  files.set(`/dazzle/${versions.dazzle}/SHA256SUMS`,
    new TextEncoder().encode(formatSha256Sums(sums)));
  const { root, requests, stop } = serveFiles((path) => files.get(path));
  return { tigerbeetleDownloads: `${root}/tb/download`, tigerbeetleApi: `${root}/tb/api`,
    dazzleBase: `${root}/dazzle`, requests, files, stop };
}

export interface S3Proxy {
  readonly endpoint: string;
  /** `METHOD /bucket/key` of every request, in order. */
  readonly requests: string[];
  /** Hold (never answer) the first PUT whose path contains this text; resolves when it came. */
  holdUpload(pathPart: string): Promise<void>;
  stop(): void;
}

export function startS3Proxy(upstream: string): S3Proxy {
  const requests: string[] = [];
  let hold: { pathPart: string; arrived: () => void } | undefined;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    async fetch(request) {
      const url = new URL(request.url);
      requests.push(`${request.method} ${url.pathname}`);
      if (hold && request.method === "PUT" && url.pathname.includes(hold.pathPart)) {
        hold.arrived();
        hold = undefined;
        return new Promise<Response>(() => undefined);
      }
      const headers = new Headers(request.headers);
      headers.delete("host");
      const body = request.method === "GET" || request.method === "HEAD" ?
        undefined
        : await request.arrayBuffer();
      const answer = await fetch(`${upstream}${url.pathname}${url.search}`, {
        method: request.method,
        headers,
        body,
        redirect: "manual",
      });
      return new Response(request.method === "HEAD" ? null : await answer.arrayBuffer(), {
        status: answer.status,
        headers: answer.headers,
      });
    },
  });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    requests,
    holdUpload: (pathPart) =>
      new Promise((resolve) => {
        hold = { pathPart, arrived: resolve };
      }),
    stop: () => server.stop(true),
  };
}

/**
 * A minimal project whose dazzle.toml pins nothing (the config defaults decide versions), with
 * a Dockerfile so its plan has no warning (deploy commands report the plan's warnings).
 */
export function emptyProject(parent: string, toml = ""): string {
  const dir = join(parent, `project-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(dir, "dsl"), { recursive: true });
  writeFileSync(join(dir, "dsl", "app.dsl"), "module shop.core\n\napp shop \"Shop\":\n" +
    "  security_profile: standard\n");
  writeFileSync(join(dir, "dazzle.toml"), toml);
  writeFileSync(join(dir, "Dockerfile"), "FROM scratch\n");
  return dir;
}
