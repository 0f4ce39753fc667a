/**
 * `dazzle deploy artifacts --to s3://…` against moto server (S3) and release files served on
 * 127.0.0.1: the layout the node bootstrap reads (the bootstrap, run in a sandbox, installs
 * from what was uploaded), idempotence, a tampered download refused before any upload, and an
 * upload killed halfway that the next run completes.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, S3Client,
  CreateBucketCommand } from "@aws-sdk/client-s3";
import { defaultTigerBeetleVersion } from "../../config/defaults.ts";
import { httpDownloader } from "../../ship/artifacts/download.ts";
import { nodeArtifactNames } from "../../ship/artifacts/layout.ts";
import { silentProgress } from "../../ship/artifacts/progress.ts";
import { gatherArtifacts } from "../../ship/artifacts/sources.ts";
import { parseSha256Sums, sha256Hex } from "../../ship/checksums.ts";
import { runInProcess } from "../cli/fake-io.ts";
import { fakeAwsEnvironment, motoMissingReason, startMoto,
  type MotoServer } from "../../testing/moto.ts";
import { testUnless } from "../../testing/visible-skip.ts";
import { runBootstrapSandbox } from "./support/bootstrap-sandbox.ts";
import { emptyProject, serveReleases, startS3Proxy,
  type ReleaseSite } from "./support/artifact-world.ts";
import packageJson from "../../package.json" with { type: "json" };

const motoMissing = motoMissingReason();
const motoTest = testUnless(motoMissing);

const repositoryRoot = join(import.meta.dir, "..", "..");
const bucket = "acme-artifacts";
/** The versions a project gets by default: whatever config/ says today. */
const versions = { dazzle: packageJson.version, tigerbeetle: defaultTigerBeetleVersion };

let moto: MotoServer;
let site: ReleaseSite;
let scratch: string;
let s3: S3Client;
let project: string;

beforeAll(async () => {
  if (motoMissing) return;
  moto = await startMoto();
  Object.assign(process.env, fakeAwsEnvironment(moto.endpoint));
  s3 = new S3Client({ region: "us-east-1", forcePathStyle: true, endpoint: moto.endpoint });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  site = serveReleases(versions);
  scratch = mkdtempSync(join(tmpdir(), "dazzle-artifacts-test-"));
  project = emptyProject(scratch);
}, 60_000);

afterAll(async () => {
  site?.stop();
  await moto?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}, 30_000);

function sourceFlags(): string[] {
  return ["--dazzle-base-url", site.dazzleBase, "--tigerbeetle-base-url", site.tigerbeetleDownloads,
    "--tigerbeetle-release-api", site.tigerbeetleApi];
}

function upload(prefix: string, extra: string[] = []) {
  return runInProcess(["deploy", "artifacts", "-p", project, "--to", `s3://${bucket}/${prefix}`,
    ...sourceFlags(), ...extra], { env: fakeAwsEnvironment(moto.endpoint) });
}

async function objectsBelow(prefix: string): Promise<Map<string, Uint8Array>> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }));
  const objects = new Map<string, Uint8Array>();
  for (const { Key } of listed.Contents ?? []) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
    objects.set(Key!.slice(prefix.length + 1), await object.Body!.transformToByteArray());
  }
  return objects;
}

/** Every folder's SHA256SUMS lists exactly its other files, with their real checksums. */
function expectConsistent(objects: ReadonlyMap<string, Uint8Array>) {
  const folders = new Set([...objects.keys()].map((key) => dirname(key)));
  for (const folder of folders) {
    const sums = parseSha256Sums(new TextDecoder().decode(objects.get(`${folder}/SHA256SUMS`)),
      `${folder}/SHA256SUMS`);
    const files = [...objects.keys()].filter((key) =>
      dirname(key) === folder &&
      !key.endsWith("/SHA256SUMS")
    ).map((key) => key.slice(folder.length + 1)).sort();
    expect([...sums.keys()].sort()).toEqual(files);
    for (const file of files) {
      expect(sums.get(file)).toBe(sha256Hex(objects.get(`${folder}/${file}`)!));
    }
  }
}

const dazzleFolder = `dazzle/${versions.dazzle}`;
const tigerbeetleFolder = `tigerbeetle/${versions.tigerbeetle}`;
const expectedKeys = [
  `${dazzleFolder}/SHA256SUMS`,
  `${dazzleFolder}/dazzle-${versions.dazzle}-linux-arm64.tar.gz`,
  `${dazzleFolder}/dazzle-${versions.dazzle}-linux-x64.tar.gz`,
  `${tigerbeetleFolder}/SHA256SUMS`,
  `${tigerbeetleFolder}/tigerbeetle-aarch64-linux.zip`,
  `${tigerbeetleFolder}/tigerbeetle-x86_64-linux.zip`,
];

describe("deploy artifacts", () => {
  motoTest("uploads both architectures in the bootstrap's layout and prints the line to use",
    async () => {
      const run = await upload("releases");
      expect(run.stderr).toBe("");
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toEndWith(`\nartifact_base_url = "s3://${bucket}/releases"\n`);
      const objects = await objectsBelow("releases");
      expect([...objects.keys()].sort()).toEqual(expectedKeys);
      expectConsistent(objects);
      // The bytes are the release's own, not re-packed.
      expect(objects.get(`${tigerbeetleFolder}/tigerbeetle-x86_64-linux.zip`)).toEqual(
        site.files.get(`/tb/download/${versions.tigerbeetle}/tigerbeetle-x86_64-linux.zip`)!,
      );
    }, 60_000);

  motoTest("the node bootstrap installs from what was uploaded, on both architectures",
    async () => {
      const mirror = join(scratch, "mirror");
      for (const [key, bytes] of await objectsBelow("releases")) {
        mkdirSync(dirname(join(mirror, key)), { recursive: true });
        writeFileSync(join(mirror, key), bytes);
      }
      for (const [architecture, platform, zipArch] of [["x86_64", "linux-x64", "x86_64"], ["arm64",
        "linux-arm64", "aarch64"]] as const) {
        const node = runBootstrapSandbox(mirror, versions, architecture);
        expect(node.stderr).toContain("agent dazzle-agent.service started");
        expect(node.status).toBe(0);
        expect(node.read("usr/local/bin/dazzle"))
          .toContain(`dazzle ${versions.dazzle} (${platform})`);
        expect(node.read("usr/local/bin/tigerbeetle"))
          .toContain(`TigerBeetle version ${versions.tigerbeetle} (${zipArch})`);
        rmSync(node.root, { recursive: true, force: true });
      }
    }, 60_000);

  motoTest("a second run changes nothing: every file is already there with its checksum",
    async () => {
      const run = await upload("releases");
      expect(run.exitCode).toBe(0);
      const lines = run.stdout.split("\n").filter((line) => /^(unchanged|uploaded) /.test(line));
      expect(lines).toHaveLength(expectedKeys.length);
      expect(lines.every((line) => line.startsWith("unchanged "))).toBe(true);
    }, 60_000);

  motoTest("one architecture now, the other later: SHA256SUMS keeps listing both", async () => {
    expect((await upload("staged", ["--arch", "x86_64"])).exitCode).toBe(0);
    expect([...(await objectsBelow("staged")).keys()].filter((key) =>
      key.includes("aarch64") ||
      key.includes("arm64")
    )).toEqual([]);
    expect((await upload("staged", ["--arch", "aarch64"])).exitCode).toBe(0);
    const objects = await objectsBelow("staged");
    expect([...objects.keys()].sort()).toEqual(expectedKeys);
    expectConsistent(objects);
  }, 60_000);

  motoTest("a tampered TigerBeetle zip is refused and nothing at all is uploaded", async () => {
    const path = `/tb/download/${versions.tigerbeetle}/tigerbeetle-aarch64-linux.zip`;
    const good = site.files.get(path)!;
    const tampered = new Uint8Array(good);
    tampered[40] = tampered[40]! ^ 0xff;
    site.files.set(path, tampered);
    try {
      const run = await upload("tampered");
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("checksum mismatch for tigerbeetle-aarch64-linux.zip");
      expect(run.stderr).toContain("nothing was uploaded");
      expect((await objectsBelow("tampered")).size).toBe(0);
    } finally {
      site.files.set(path, good);
    }
  }, 60_000);

  motoTest("a dazzle archive that does not match its release's SHA256SUMS is refused", async () => {
    const path = `/dazzle/${versions.dazzle}/dazzle-${versions.dazzle}-linux-arm64.tar.gz`;
    const good = site.files.get(path)!;
    site.files.set(path, new Uint8Array([...good.subarray(0, 100), 0, ...good.subarray(101)]));
    try {
      const run = await upload("tampered-dazzle");
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(`checksum mismatch for dazzle-${versions.dazzle}-` +
        "linux-arm64.tar.gz");
      expect((await objectsBelow("tampered-dazzle")).size).toBe(0);
    } finally {
      site.files.set(path, good);
    }
  }, 60_000);

  motoTest("an upload killed halfway: no SHA256SUMS names a missing file; the next run " +
    "uploads only what is missing", async () => {
    const proxy = startS3Proxy(moto.endpoint);
    try {
      const env = { ...process.env, ...fakeAwsEnvironment(proxy.endpoint) };
      const held = proxy.holdUpload("tigerbeetle-aarch64-linux.zip");
      const child = Bun.spawn([process.execPath, join(repositoryRoot, "main.ts"), "deploy",
        "artifacts", "-p", project, "--to", `s3://${bucket}/interrupted`, ...sourceFlags()], { env,
        stdout: "pipe", stderr: "pipe" });
      // The upload arrived (and hangs), or the uploader ended first: a failure to report.
      const first = await Promise.race([held.then(() => "held"), child.exited.then(async () =>
        `exited before the upload: ${await new Response(child.stderr).text()}`
      )]);
      expect(first).toBe("held");
      child.kill("SIGKILL");
      await child.exited;
      const partial = await objectsBelow("interrupted");
      expect([...partial.keys()].filter((key) =>
        key.endsWith("SHA256SUMS")
      )).toEqual([]);
      expect(partial.has(`${tigerbeetleFolder}/tigerbeetle-aarch64-linux.zip`)).toBe(false);
      expect(partial.has(`${tigerbeetleFolder}/tigerbeetle-x86_64-linux.zip`)).toBe(true);

      proxy.requests.length = 0;
      // Not spawnSync: the proxy answers from this process's event loop.
      const resumed = Bun.spawn([process.execPath, join(repositoryRoot, "main.ts"), "deploy",
        "artifacts", "-p", project, "--to", `s3://${bucket}/interrupted`, ...sourceFlags()], { env,
        stdout: "pipe", stderr: "pipe" });
      expect(await new Response(resumed.stderr).text()).toBe("");
      expect(await resumed.exited).toBe(0);
      const puts = proxy.requests.filter((request) => request.startsWith("PUT "))
        .map((request) => request.slice(`PUT /${bucket}/interrupted/`.length)).sort();
      expect(puts).toEqual([`${dazzleFolder}/SHA256SUMS`, `${tigerbeetleFolder}/SHA256SUMS`,
        `${tigerbeetleFolder}/tigerbeetle-aarch64-linux.zip`]);
      const objects = await objectsBelow("interrupted");
      expect([...objects.keys()].sort()).toEqual(expectedKeys);
      expectConsistent(objects);
    } finally {
      proxy.stop();
    }
  }, 120_000);
});

describe("deploy artifacts: mistakes", () => {
  test("--to must be an s3:// URL with a valid bucket and a plain prefix", async () => {
    for (const [to, message] of [
      ["https://bucket/x", "it must start with s3://"],
      ["s3://*/x", "is not a valid S3 bucket name"],
      ["s3://acme-artifacts/a?b", "the prefix segment 'a?b' is not allowed"],
      ["s3://acme-artifacts/../x", "the prefix segment '..' is not allowed"],
    ]) {
      const run = await runInProcess(["deploy", "artifacts", "--to", to!]);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(message!);
    }
  });

  test("an unknown architecture, and a digest for an architecture not uploaded", async () => {
    const arm64 = await runInProcess(["deploy", "artifacts", "--to", "s3://acme-artifacts/x",
      "--arch", "arm64"]);
    expect(arm64.exitCode).toBe(2);
    expect(arm64.stderr).toContain("--arch arm64: must be one of x86_64, aarch64");
    expect(arm64.stderr).toContain("did you mean --arch aarch64?");
    const unknown = await runInProcess(["deploy", "artifacts", "--to", "s3://acme-artifacts/x",
      "--arch", "sparc"]);
    expect(unknown.stderr).toContain("--arch sparc: must be one of x86_64, aarch64");
    expect(unknown.stderr).not.toContain("did you mean");
    expect(
      (await runInProcess(["deploy", "artifacts", "--to", "s3://acme-artifacts/x", "--arch",
        "x86_64", "--tigerbeetle-sha256", `aarch64=${"0".repeat(64)}`])).stderr,
    )
      .toContain("aarch64 is not being uploaded");
  });

  test("run from source with no dazzle release base: says where else to get dazzle", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dazzle-artifacts-nobase-"));
    try {
      const run = await runInProcess(["deploy", "artifacts", "-p", emptyProject(dir), "--to",
        "s3://acme-artifacts/x", "--tigerbeetle-sha256", `x86_64=${"0".repeat(64)}`,
        "--tigerbeetle-sha256", `aarch64=${"0".repeat(64)}`, "--tigerbeetle-base-url",
        "http://127.0.0.1:9/none"], { env: {} });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("no source for the dazzle");
      expect(run.stderr).toContain("--dazzle-base-url");
      // Not "run deploy artifacts" (the placeholder warning) while running it: plan warnings
      // are about the stacks, left to --verbose.
      expect(run.stderr).not.toContain("warning[plan/");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("this binary packs itself for its own platform", () => {
  test("a compiled dazzle for x86_64 becomes the x86_64 archive, `<folder>/dazzle` inside",
    async () => {
      // An x86_64 ELF header (EM_X86_64 = 62) stands in for the compiled dazzle.
      const binary = new Uint8Array(4096);
      binary.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
      binary[18] = 62;
      const releases = serveReleases(versions);
      try {
        const files = await gatherArtifacts({
          names: nodeArtifactNames(versions, ["x86_64"]),
          versions,
          architectures: ["x86_64"],
          dazzle: { self: { version: versions.dazzle, binary: async () => binary } },
          tigerbeetle: { downloadBaseUrl: releases.tigerbeetleDownloads,
            releaseApiUrl: releases.tigerbeetleApi, pinnedSha256: new Map() },
          download: httpDownloader(),
          progress: silentProgress,
        });
        expect(releases.requests.filter((path) => path.startsWith("/dazzle"))).toEqual([]);
        const archive = files.find((file) => file.folder === dazzleFolder)!;
        expect(archive.fileName).toBe(`dazzle-${versions.dazzle}-linux-x64.tar.gz`);
        expect(archive.origin).toBe("this binary");
        const listing = Bun.spawnSync(["tar", "-tzf", "-"], { stdin: archive.bytes });
        expect(listing.stdout.toString().trim().split("\n")).toEqual([
          `dazzle-${versions.dazzle}-linux-x64/`,
          `dazzle-${versions.dazzle}-linux-x64/dazzle`,
        ]);
        const unpacked = Bun.spawnSync(["tar", "-xzOf", "-"], { stdin: archive.bytes });
        expect(new Uint8Array(unpacked.stdout)).toEqual(binary);
      } finally {
        releases.stop();
      }
    });
});
