/**
 * The release archive is reproducible and shaped the way install.sh expects, and the release
 * refuses binaries of the wrong machine type or version.
 */
import { describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readElfIdentity } from "../../ship/elf.ts";
import { packArchive } from "../../ship/pack-archive.ts";
import { releasePlatforms } from "../../ship/release-layout.ts";
import { buildRelease, type ReleaseDeps } from "../../ship/release.ts";
import { compressXz, findXz, xzSettings } from "../../ship/xz.ts";

const encoder = new TextEncoder();

function fakeElf(machineCode: number): Uint8Array {
  const bytes = new Uint8Array(4096);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  bytes[18] = machineCode & 0xff;
  bytes[19] = machineCode >> 8;
  return bytes;
}

async function tarList(archive: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dazzle-tar-"));
  try {
    await writeFile(join(dir, "a.tar.gz"), archive);
    const child = Bun.spawnSync(["tar", "--numeric-owner", "-tvzf", join(dir, "a.tar.gz")], {
      env: { TZ: "UTC", PATH: "/usr/bin:/bin" },
    });
    expect(child.exitCode).toBe(0);
    return child.stdout.toString();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("release archive", () => {
  const binary = fakeElf(62);
  const documents = new Map([["README.md", encoder.encode("# readme\n")], ["LICENSE",
    encoder.encode("MIT\n")]]);

  test("the same inputs give the same bytes, whatever the document order", () => {
    const reversed = new Map([...documents].reverse());
    const first = packArchive({ folderName: "dazzle-1.0.0-linux-x64", binary, documents,
      mtimeSeconds: 1_700_000_000 });
    const second = packArchive({ folderName: "dazzle-1.0.0-linux-x64", binary, documents: reversed,
      mtimeSeconds: 1_700_000_000 });
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  test("gzip carries no timestamp and tar lists root-owned entries with one mtime", async () => {
    const archive = packArchive({ folderName: "dazzle-1.0.0-linux-x64", binary, documents,
      mtimeSeconds: 1_700_000_000 });
    expect([...archive.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
    const listing = (await tarList(archive)).trim().split("\n");
    expect(listing.map((line) => line.split(/\s+/).at(-1))).toEqual([
      "dazzle-1.0.0-linux-x64/",
      "dazzle-1.0.0-linux-x64/LICENSE",
      "dazzle-1.0.0-linux-x64/README.md",
      "dazzle-1.0.0-linux-x64/dazzle",
    ]);
    for (const line of listing) expect(line).toContain(" 0/0 ");
    for (const line of listing) expect(line).toContain("2023-11-14 22:13");
    expect(listing[3]).toStartWith("-rwxr-xr-x");
    expect(listing[1]).toStartWith("-rw-r--r--");
  });

  test("unpacking gives back the binary byte for byte", () => {
    const archive = packArchive({ folderName: "d", binary, documents: new Map(), mtimeSeconds: 0 });
    const tar = gunzipSync(archive);
    // Second entry (after the folder's header) holds the binary right after its header.
    const data = tar.subarray(1024, 1024 + binary.length);
    expect(Buffer.from(data).equals(Buffer.from(binary))).toBe(true);
  });
});

describe("ELF machine check", () => {
  test("tells x86_64 and aarch64 apart and rejects non-ELF files", () => {
    expect(readElfIdentity(fakeElf(62))?.machine).toBe("x86_64");
    expect(readElfIdentity(fakeElf(183))?.machine).toBe("aarch64");
    expect(readElfIdentity(encoder.encode("#!/bin/sh\necho not elf\n"))).toBeUndefined();
  });

  test("the running Bun is recognised as this host's machine", async () => {
    const head = await Bun.file(process.execPath).slice(0, 64).bytes();
    const expected = process.arch === "arm64" ? "aarch64" : "x86_64";
    expect(readElfIdentity(head)?.machine).toBe(expected);
  });
});

describe("release build", () => {
  async function releaseWith(deps: Partial<ReleaseDeps>, machineByPlatform: number[],
    baseUrl = "https://downloads.test/dazzle/") {
    const root = await mkdtemp(join(tmpdir(), "dazzle-release-test-"));
    await writeFile(join(root, "install.sh"), "#!/bin/sh\nB=https://releases.dazzle.example\n");
    try {
      return await buildRelease({
        rootDir: root,
        outDir: join(root, "out"),
        workDir: join(root, "work"),
        version: "1.2.3",
        platforms: releasePlatforms,
        mtimeSeconds: 0,
        baseUrl,
      }, {
        buildBinary: async (platform, outfile) => {
          const index = releasePlatforms.indexOf(platform);
          await writeFile(outfile, fakeElf(machineByPlatform[index]!));
        },
        runVersion: async () => ({ kind: "ran", output: "dazzle 1.2.3 (abc1234)\n",
          runner: "fake" }),
        log: () => {},
        headCommit: async () => "abc1234",
        ...deps,
      }).then(async (result) => ({
        result,
        sums: await readFile(join(root, "out", "SHA256SUMS"), "utf8"),
        latest: await readFile(join(root, "out", "latest"), "utf8"),
        installer: await readFile(join(root, "out", "install.sh"), "utf8"),
      }));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }

  test("with xz, each platform also gets a .tar.xz, listed in SHA256SUMS with the .tar.gz",
    async () => {
      const xz = findXz();
      expect(xz).toBeDefined();
      const { result, sums } = await releaseWith({
        compressXz: { settings: await xzSettings(xz!), compress: (tar) => compressXz(xz!, tar) },
      }, [62, 183]);
      expect(result.artifacts.map((a) => a.xz?.fileName)).toEqual([
        "dazzle-1.2.3-linux-x64.tar.xz",
        "dazzle-1.2.3-linux-arm64.tar.xz",
      ]);
      for (const artifact of result.artifacts) {
        expect(sums).toContain(`${artifact.xz!.sha256Hex}  ${artifact.xz!.fileName}\n`);
        expect(sums).toContain(`${artifact.sha256Hex}  ${artifact.fileName}\n`);
      }
      expect(sums.trim().split("\n")).toHaveLength(4);
    });

  test("writes both archives, SHA256SUMS, latest and the stamped installer", async () => {
    const { result, sums, latest, installer } = await releaseWith({}, [62, 183]);
    expect(result.artifacts.map((a) => a.fileName)).toEqual([
      "dazzle-1.2.3-linux-x64.tar.gz",
      "dazzle-1.2.3-linux-arm64.tar.gz",
    ]);
    expect(sums).toBe(result.artifacts.map((a) => `${a.sha256Hex}  ${a.fileName}\n`)
      .sort().join(""));
    expect(latest).toBe("1.2.3\n");
    expect(installer).toContain("B=https://downloads.test/dazzle\n");
  });

  test("refuses a base URL that install.sh could not use safely", async () => {
    for (const baseUrl of ["http://downloads.test", "https://x.test/'; rm -rf /"]) {
      await expect(releaseWith({}, [62, 183], baseUrl)).rejects.toThrow(/--base-url/);
    }
  });

  test("refuses an x86_64 binary under the arm64 name", async () => {
    await expect(releaseWith({}, [62, 62])).rejects.toThrow(/built for x86_64.*aarch64/);
  });

  test("refuses a binary whose --version lacks the commit", async () => {
    const runVersion: ReleaseDeps["runVersion"] = async () => ({ kind: "ran",
      output: "dazzle 1.2.3 (dev)\n", runner: "fake" });
    await expect(releaseWith({ runVersion }, [62, 183]))
      .rejects.toThrow(/lacks the commit "abc1234"/);
  });
});
