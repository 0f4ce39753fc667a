/**
 * install.sh, as users run it (`curl -fsSL <base>/install.sh | sh`, with /bin/sh = dash),
 * against the real x64 release served from 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink,
  writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatSha256Sums, sha256Hex } from "../../ship/checksums.ts";
import { packArchive } from "../../ship/pack-archive.ts";
import { archiveFileName } from "../../ship/release-layout.ts";
import { buildX64Release, releaseVersion, repositoryRoot, serveSites, siteFromRelease,
  type ReleaseServer, type Site } from "../../testing/release-fixture.ts";

const archivePath = `/${releaseVersion}/${archiveFileName(releaseVersion, "linux-x64")}`;
const xzArchivePath = `/${releaseVersion}/${
  archiveFileName(releaseVersion, "linux-x64", "tar.xz")
}`;
let releaseDir = "";
let server: ReleaseServer;
let scratch = "";

beforeAll(async () => {
  releaseDir = await buildX64Release();
  const good = await siteFromRelease(releaseDir, releaseVersion);
  expect(good.has(xzArchivePath)).toBe(true);
  const tampered: Site = new Map(good);
  for (const path of [archivePath, xzArchivePath]) {
    const bytes = new Uint8Array(good.get(path)!);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    tampered.set(path, bytes);
  }
  server = serveSites(
    new Map([["good", good], ["tampered", tampered], ["mislabeled", mislabeledSite(good)]]),
  );
  scratch = await mkdtemp(join(tmpdir(), "dazzle-install-test-"));
}, 900_000);

afterAll(async () => {
  server?.stop();
  await rm(releaseDir, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

/** A correctly checksummed archive whose binary is another version than its name says. */
function mislabeledSite(good: Site): Site {
  const archive = packArchive({
    folderName: `dazzle-${releaseVersion}-linux-x64`,
    documents: new Map(),
    mtimeSeconds: 0,
    binary: new TextEncoder().encode("#!/bin/sh\necho 'dazzle 0.0.1 (0000000)'\n"),
  });
  const sums = formatSha256Sums([{ fileName: archiveFileName(releaseVersion, "linux-x64"),
    sha256Hex: sha256Hex(archive) }]);
  const site: Site = new Map(good);
  site.delete(xzArchivePath);
  site.set(archivePath, archive);
  site.set(`/${releaseVersion}/SHA256SUMS`, new TextEncoder().encode(sums));
  return site;
}

interface Run {
  exitCode: number;
  stderr: string;
  home: string;
  bin: string;
}

/** Fake commands (e.g. `uname`, `id`) put first on PATH, as sh scripts. */
type FakeCommands = Record<string, string>;

/** One install downloads ~55 MiB and unpacks ~120 MiB: seconds, not bun's default 5 s. */
const installTimeoutMs = 180_000;

let runCount = 0;
async function install(
  base: string,
  env: Record<string, string> = {},
  fakes: FakeCommands = {},
  installDir?: string,
): Promise<Run> {
  const root = join(scratch, `run-${++runCount}`);
  const home = join(root, "home");
  const fakeDir = join(root, "fake-bin");
  await mkdir(home, { recursive: true });
  await mkdir(fakeDir, { recursive: true });
  for (const [name, body] of Object.entries(fakes)) {
    await writeFile(join(fakeDir, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(fakeDir, name), 0o755);
  }
  const bin = installDir ?? join(root, "bin");
  const child = Bun.spawn(["sh", "-c", "curl -fsSL \"$BASE/install.sh\" | sh"], {
    cwd: root,
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: `${fakeDir}:/usr/bin:/bin`, HOME: home, BASE: base, TMPDIR: root,
      DAZZLE_BASE_URL: base, DAZZLE_INSTALL_DIR: bin, ...env },
  });
  const [stderr, exitCode] = await Promise.all([new Response(child.stderr).text(), child.exited]);
  return { exitCode, stderr, home, bin };
}

/** A PATH folder of links to everything in /usr/bin and /bin except the named commands. */
async function pathWithout(hidden: readonly string[]): Promise<string> {
  const folder = join(scratch, `path-without-${++runCount}`);
  await mkdir(folder, { recursive: true });
  for (const source of ["/usr/bin", "/bin"]) {
    for (const name of await readdir(source)) {
      if (hidden.includes(name)) continue;
      await symlink(join(source, name), join(folder, name)).catch(() => {});
    }
  }
  return folder;
}

let pinned: Promise<{ run: Run; fetched: string[] }> | undefined;
/**
 * The plain install of the pinned version, with the paths it fetched: run once, on first use, for
 * the two tests that look at it (what got installed; which archive was downloaded).
 */
function pinnedInstall(): Promise<{ run: Run; fetched: string[] }> {
  pinned ??= (async () => {
    const before = server.requests.length;
    const run = await install(server.baseUrl("good"), { DAZZLE_VERSION: releaseVersion });
    return { run, fetched: server.requests.slice(before) };
  })();
  return pinned;
}

async function filesIn(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => []);
}

async function versionOf(binary: string): Promise<string> {
  const child = Bun.spawn([binary, "--version"], { stdout: "pipe", env: { PATH: "/usr/bin" } });
  return (await new Response(child.stdout).text()).trim();
}

describe("install.sh", () => {
  test("is shellcheck clean as POSIX sh", () => {
    const child = Bun.spawnSync(["shellcheck", "-s", "sh", join(repositoryRoot, "install.sh")]);
    expect(child.stdout.toString() + child.stderr.toString()).toBe("");
    expect(child.exitCode).toBe(0);
  });

  test("installs the pinned version, verified, with nothing left beside it", async () => {
    const { run } = await pinnedInstall();
    expect(run.stderr).toContain(`installed dazzle ${releaseVersion}`);
    expect(run.exitCode).toBe(0);
    expect(await filesIn(run.bin)).toEqual(["dazzle"]);
    expect((await stat(join(run.bin, "dazzle"))).mode & 0o777).toBe(0o755);
    expect(await versionOf(join(run.bin, "dazzle"))).toStartWith(`dazzle ${releaseVersion} (`);
    expect(await filesIn(join(run.home, ".."))).not.toContainEqual(
      expect.stringMatching(/^dazzle-install\./),
    );
  }, installTimeoutMs);

  test("downloads the smaller .tar.xz when xz is installed", async () => {
    const { run, fetched } = await pinnedInstall();
    expect(run.exitCode).toBe(0);
    expect(fetched).toContain(`/good${xzArchivePath}`);
    expect(fetched).not.toContain(`/good${archivePath}`);
  }, installTimeoutMs);

  test("without xz on PATH it takes the .tar.gz, verified the same way", async () => {
    const before = server.requests.length;
    const run = await install(server.baseUrl("good"), { DAZZLE_VERSION: releaseVersion,
      PATH: await pathWithout(["xz", "unxz", "xzcat", "lzma", "unlzma"]) });
    expect(run.stderr).toContain(`installed dazzle ${releaseVersion}`);
    expect(run.exitCode).toBe(0);
    const fetched = server.requests.slice(before);
    expect(fetched).toContain(`/good${archivePath}`);
    expect(fetched).not.toContain(`/good${xzArchivePath}`);
    expect(await versionOf(join(run.bin, "dazzle"))).toStartWith(`dazzle ${releaseVersion} (`);
  }, installTimeoutMs);

  test("without DAZZLE_VERSION installs the version named by <base>/latest", async () => {
    const before = server.requests.length;
    const run = await install(server.baseUrl("good"));
    expect(run.exitCode).toBe(0);
    expect(server.requests.slice(before)).toContain("/good/latest");
    expect(await versionOf(join(run.bin, "dazzle"))).toStartWith(`dazzle ${releaseVersion} (`);
  }, installTimeoutMs);

  test("as a normal user it defaults to ~/.local/bin and says when that is not on PATH",
    async () => {
      const notRoot = "case \"$1\" in -u) echo 1000 ;; -un) echo tester ;; *) exit 1 ;; esac";
      const run = await install(server.baseUrl("good"), { DAZZLE_INSTALL_DIR: "" }, {
        id: notRoot,
      });
      expect(run.exitCode).toBe(0);
      expect(await filesIn(join(run.home, ".local", "bin"))).toEqual(["dazzle"]);
      expect(run.stderr).toContain("is not on your PATH");
    }, installTimeoutMs);

  test("running it again changes nothing and succeeds", async () => {
    const bin = join(scratch, "reinstall-bin");
    const first = await install(server.baseUrl("good"), {}, {}, bin);
    const inode = (await stat(join(bin, "dazzle"))).ino;
    const second = await install(server.baseUrl("good"), {}, {}, bin);
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    expect(second.stderr).toContain("already installed");
    expect((await stat(join(bin, "dazzle"))).ino).toBe(inode);
    expect(await filesIn(bin)).toEqual(["dazzle"]);
  }, installTimeoutMs);

  test("replaces an older binary in place", async () => {
    const bin = join(scratch, "upgrade-bin");
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, "dazzle"), "#!/bin/sh\necho dazzle 0.0.1\n", { mode: 0o755 });
    const run = await install(server.baseUrl("good"), {}, {}, bin);
    expect(run.exitCode).toBe(0);
    expect(await versionOf(join(bin, "dazzle"))).toStartWith(`dazzle ${releaseVersion} (`);
  }, installTimeoutMs);

  test("a tampered archive is refused and the installed binary is left alone", async () => {
    const bin = join(scratch, "tampered-bin");
    await mkdir(bin, { recursive: true });
    const previous = "#!/bin/sh\necho dazzle 0.0.1\n";
    await writeFile(join(bin, "dazzle"), previous, { mode: 0o755 });
    const run = await install(server.baseUrl("tampered"), {}, {}, bin);
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain("checksum mismatch");
    expect(run.stderr).toContain("nothing was installed");
    expect(await filesIn(bin)).toEqual(["dazzle"]);
    expect(await readFile(join(bin, "dazzle"), "utf8")).toBe(previous);
  }, installTimeoutMs);

  test("an archive whose binary reports another version is refused", async () => {
    const run = await install(server.baseUrl("mislabeled"));
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain(`reports 'dazzle 0.0.1 (0000000)', not dazzle ${releaseVersion}`);
    expect(await filesIn(run.bin)).toEqual([]);
  }, installTimeoutMs);

  test("an unknown version fails clearly and installs nothing", async () => {
    const run = await install(server.baseUrl("good"), { DAZZLE_VERSION: "9.9.9" });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain("is version 9.9.9 published?");
    expect(await filesIn(run.bin)).toEqual([]);
  }, installTimeoutMs);

  test("an unreachable server fails clearly and installs nothing", async () => {
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const deadBase = `http://127.0.0.1:${closed.port}`;
    await closed.stop(true);
    const run = await install(server.baseUrl("good"), { DAZZLE_BASE_URL: deadBase });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain(`could not download ${deadBase}/latest`);
    expect(await filesIn(run.bin)).toEqual([]);
  }, installTimeoutMs);

  test("refuses a plain-http base URL that is not on this machine", async () => {
    const run = await install(server.baseUrl("good"), {
      DAZZLE_BASE_URL: "http://downloads.test/dazzle",
    });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain("DAZZLE_BASE_URL must be an https:// URL");
    expect(await filesIn(run.bin)).toEqual([]);
  }, installTimeoutMs);

  for (const [system, machine, expected] of [
    ["Darwin", "arm64", "unsupported platform: Darwin arm64"],
    ["Linux", "riscv64", "unsupported platform: Linux riscv64"],
  ] as const) {
    test(`refuses ${system} ${machine} before downloading anything`, async () => {
      const before = server.requests.length;
      const fakeUname = `case "$1" in -s) echo ${system} ;; -m) echo ${machine} ;; esac`;
      const run = await install(server.baseUrl("good"), {}, { uname: fakeUname });
      expect(run.exitCode).not.toBe(0);
      expect(run.stderr).toContain(expected);
      // Only install.sh itself was fetched.
      expect(server.requests.slice(before)).toEqual(["/good/install.sh"]);
      expect(await filesIn(run.bin)).toEqual([]);
    }, installTimeoutMs);
  }

  test("arm64 hosts select the arm64 archive", async () => {
    const before = server.requests.length;
    const fakeUname = "case \"$1\" in -s) echo Linux ;; -m) echo aarch64 ;; esac";
    const run = await install(server.baseUrl("good"), {}, { uname: fakeUname });
    // This release fixture has no arm64 archive: the request names it, and fails cleanly.
    expect(server.requests.slice(before)).toContain(
      `/good/${releaseVersion}/${archiveFileName(releaseVersion, "linux-arm64")}`,
    );
    expect(run.exitCode).not.toBe(0);
    expect(await filesIn(run.bin)).toEqual([]);
  }, installTimeoutMs);
});
