/**
 * Run a freshly built binary's `--version` on this host: natively when the machine matches,
 * under qemu-user (with Debian's aarch64 loader from libc6-arm64-cross) for arm64 on x64, or
 * not at all, with the reason, when no emulator is installed.
 */
import { existsSync } from "node:fs";
import { arch } from "node:os";
import { dirname } from "node:path";
import type { ReleasePlatform } from "./release-layout.ts";
import type { VersionCheck } from "./release.ts";

/** Where Debian's libc6-arm64-cross puts the aarch64 dynamic loader and libc. */
const aarch64SysrootDir = "/usr/aarch64-linux-gnu";
const versionTimeoutMs = 120_000;

export function versionCommand(platform: ReleasePlatform, binary: string): { argv: string[];
  runner: string } | { reason: string } {
  const hostMachine = arch() === "x64" ? "x86_64" : arch() === "arm64" ? "aarch64" : arch();
  if (hostMachine === platform.elfMachine) return { argv: [binary, "--version"], runner: "native" };
  if (platform.elfMachine !== "aarch64") return { reason: `no emulator for ${platform.name}` };
  const qemu = Bun.which("qemu-aarch64");
  if (!qemu) return { reason: "qemu-aarch64 not installed (Debian package qemu-user)" };
  if (!existsSync(`${aarch64SysrootDir}/lib/ld-linux-aarch64.so.1`)) {
    return { reason: `no aarch64 loader under ${aarch64SysrootDir} (libc6-arm64-cross)` };
  }
  return { argv: [qemu, "-L", aarch64SysrootDir, binary, "--version"], runner: "qemu-aarch64" };
}

export async function runVersionOnHost(
  platform: ReleasePlatform,
  binary: string,
): Promise<VersionCheck> {
  const command = versionCommand(platform, binary);
  if ("reason" in command) return { kind: "skipped", reason: command.reason };
  // Run from the binary's own folder with a minimal environment: a binary that only works
  // beside the repository's node_modules must fail here, not on a user's machine.
  const child = Bun.spawn(command.argv, {
    cwd: dirname(binary),
    env: { PATH: "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp" },
    stdout: "pipe",
    stderr: "pipe",
    timeout: versionTimeoutMs,
  });
  const [output, errors, exitCode] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (exitCode !== 0) {
    throw new Error(`${platform.name}: '${command.argv.join(" ")}' exited ${exitCode}: ${errors}`);
  }
  return { kind: "ran", output, runner: command.runner };
}
