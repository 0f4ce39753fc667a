/**
 * Compress with the system's `xz` (Debian's xz-utils): about 25% smaller than gzip -9 for the
 * dazzle binary, which keeps the download under 60 MB. Reproducible: a fixed preset and block
 * size make the output independent of the thread count, and xz stores no timestamps.
 */
const xzArguments = ["-6", "--threads=0", "--block-size=25165824", "--check=crc64", "-c"];

/** What determines compressXz's output besides its input: the arguments and xz's version. */
export async function xzSettings(xzPath: string): Promise<string> {
  const child = Bun.spawn([xzPath, "--version"], { stdout: "pipe", stderr: "pipe" });
  const [version, exitCode] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  if (exitCode !== 0) throw new Error(`${xzPath} --version failed (exit ${exitCode})`);
  return `${version.trim().split("\n")[0]} ${xzArguments.join(" ")}`;
}

/** Undefined when no `xz` is on PATH (the release then publishes .tar.gz only). */
export function findXz(): string | undefined {
  return Bun.which("xz") ?? undefined;
}

export async function compressXz(xzPath: string, data: Uint8Array): Promise<Uint8Array> {
  const child = Bun.spawn([xzPath, ...xzArguments], { stdin: data, stdout: "pipe",
    stderr: "pipe" });
  const [compressed, errors, exitCode] = await Promise.all([
    new Response(child.stdout).arrayBuffer(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (exitCode !== 0) throw new Error(`xz failed (exit ${exitCode}): ${errors.trim()}`);
  return new Uint8Array(compressed);
}
