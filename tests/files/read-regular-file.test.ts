/** Special files a user may point dazzle at are refused quickly, with what they are. */
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRegularFile, UnreadableFileError } from "../../files/read-regular-file.ts";

const folder = mkdtempSync(join(tmpdir(), "dazzle-read-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function refusal(path: string, limit = 1024): string {
  try {
    readRegularFile(path, limit);
  } catch (error) {
    if (error instanceof UnreadableFileError) return error.reason;
    throw error;
  }
  throw new Error(`${path} was read`);
}

describe("readRegularFile", () => {
  test("a regular file is read; nothing at the path is undefined", () => {
    writeFileSync(join(folder, "a.toml"), "x = 1\n");
    expect(readRegularFile(join(folder, "a.toml"), 1024)?.toString()).toBe("x = 1\n");
    expect(readRegularFile(join(folder, "absent"), 1024)).toBeUndefined();
  });

  test("a FIFO is refused without blocking", () => {
    const fifo = join(folder, "fifo");
    expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
    expect(refusal(fifo)).toBe("is a named pipe (FIFO), not a regular file");
  });

  test("a socket is refused", async () => {
    const path = join(folder, "sock");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      expect(refusal(path)).toBe("is a socket, not a regular file");
    } finally {
      server.close();
    }
  });

  test("symbolic links to /dev/zero and /dev/urandom are refused, naming the target", () => {
    for (const device of ["/dev/zero", "/dev/urandom"]) {
      const link = join(folder, `link-${device.slice(5)}`);
      symlinkSync(device, link);
      expect(refusal(link)).toBe(`is a character device (a symbolic link to ${device}), ` +
        "not a regular file");
    }
  });

  test("a dangling symbolic link is an error, not 'no file'", () => {
    const link = join(folder, "dangling");
    symlinkSync(join(folder, "nowhere.toml"), link);
    expect(refusal(link)).toBe(`is a symbolic link to ${join(folder, "nowhere.toml")}, ` +
      "which does not exist");
  });

  test("a folder, an oversized file and an unreadable file are refused", () => {
    mkdirSync(join(folder, "dir"));
    expect(refusal(join(folder, "dir"))).toBe("is a folder, not a regular file");
    writeFileSync(join(folder, "big"), "x".repeat(2000));
    expect(refusal(join(folder, "big"))).toBe("is 2,000 bytes or more; the limit is 1,024");
    if (process.getuid?.() !== 0) {
      writeFileSync(join(folder, "secret"), "x");
      chmodSync(join(folder, "secret"), 0o000);
      expect(refusal(join(folder, "secret"))).toBe("cannot be read (permission denied)");
    }
  });
});
