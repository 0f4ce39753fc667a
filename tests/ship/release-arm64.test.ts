/**
 * The arm64 release (Graviton nodes) from the real scripts/release.ts: Bun cross-compiles it
 * with a target runtime fetched from the npm registry (cached where Bun caches it), the
 * archive holds an aarch64 ELF binary, and with qemu-user + Debian's aarch64 loader installed
 * the release itself ran it and checked `dazzle --version`. Without xz (`--skip-xz`): the
 * .tar.xz is the same tar compressed otherwise, and tests/ship/install.test.ts checks that step.
 */
import { afterAll, beforeAll, expect } from "bun:test";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readElfIdentity } from "../../ship/elf.ts";
import { versionCommand } from "../../ship/host-runner.ts";
import { archiveFileName, releasePlatforms } from "../../ship/release-layout.ts";
import { compressionCacheArguments, releaseVersion,
  repositoryRoot } from "../../testing/release-fixture.ts";
import { testUnless } from "../../testing/visible-skip.ts";

const arm64 = releasePlatforms.find((p) => p.name === "linux-arm64")!;
let outDir = "";
let releaseLog = "";

/** Where `bun build --compile --target=bun-linux-arm64` keeps the downloaded runtime. */
function cachedRuntimeFolder(): string {
  const installRoot = process.env.BUN_INSTALL ?? join(homedir(), ".bun");
  return join(process.env.BUN_INSTALL_CACHE_DIR ?? join(installRoot, "install", "cache"),
    `bun-linux-aarch64-v${Bun.version}`);
}

async function registryReachable(): Promise<boolean> {
  try {
    const response = await fetch("https://registry.npmjs.org/@oven%2fbun-linux-aarch64", {
      method: "HEAD",
      signal: AbortSignal.timeout(5_000),
    });
    return response.status < 500;
  } catch {
    return false;
  }
}

/** Skip (visibly) only when the arm64 runtime can be neither found in Bun's cache nor fetched. */
const runtimeUnavailable = !existsSync(cachedRuntimeFolder()) && !(await registryReachable());
const arm64Test = testUnless(runtimeUnavailable ?
  `the npm registry is unreachable and no arm64 Bun runtime is cached at ${cachedRuntimeFolder()}`
  : undefined);

beforeAll(async () => {
  if (runtimeUnavailable) return;
  outDir = await mkdtemp(join(tmpdir(), "dazzle-release-arm64-"));
  const child = Bun.spawn([process.execPath, join(repositoryRoot, "scripts", "release.ts"),
    "--platform", "linux-arm64", "--out", outDir, "--skip-xz", ...compressionCacheArguments()], {
    cwd: repositoryRoot,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, errors, exitCode] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  releaseLog = out + errors;
  if (exitCode !== 0) throw new Error(`scripts/release.ts failed (${exitCode}):\n${releaseLog}`);
}, 900_000);

/** The data of the ustar entry named `name` (a few entries at most: bounded walk). */
function tarEntryData(tar: Uint8Array, name: string): Uint8Array {
  const text = (from: number, length: number) =>
    new TextDecoder().decode(tar.subarray(from, from + length)).replace(/\0.*$/s, "");
  let offset = 0;
  for (let entry = 0; entry < 16 && offset + 512 <= tar.length; entry++) {
    const size = Number.parseInt(text(offset + 124, 12), 8);
    if (text(offset, 100) === name) return tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${name} is not in the archive`);
}

afterAll(async () => {
  if (outDir !== "") await rm(outDir, { recursive: true, force: true });
});

arm64Test("the arm64 archive holds an aarch64 ELF dazzle", async () => {
  const archive = await readFile(join(outDir, archiveFileName(releaseVersion, "linux-arm64")));
  const binary = tarEntryData(gunzipSync(archive), `dazzle-${releaseVersion}-linux-arm64/dazzle`);
  expect(readElfIdentity(binary.subarray(0, 64))?.machine).toBe("aarch64");
  expect(await readFile(join(outDir, "SHA256SUMS"), "utf8")).toContain(
    `  ${archiveFileName(releaseVersion, "linux-arm64")}\n`,
  );
}, 60_000);

arm64Test("the release ran the arm64 binary's --version under qemu when it can", () => {
  const command = versionCommand(arm64, "/x/dazzle");
  if ("reason" in command) {
    expect(releaseLog).toContain(`--version not run: ${command.reason}`);
    return;
  }
  expect(releaseLog).toMatch(new RegExp(`linux-arm64: dazzle ${releaseVersion} \\(\\w+`));
  expect(releaseLog).toContain("(via qemu-aarch64)");
});
