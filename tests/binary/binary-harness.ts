/**
 * Builds (or reuses) the dazzle binary and runs it the way a user who downloaded it would: a
 * copy in an empty folder far from this repository, its own HOME and cache, a minimal PATH, and
 * fake AWS credentials with the metadata service disabled.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, parse } from "node:path";
import { buildBinary } from "../../scripts/build.ts";

export interface Sandbox {
  readonly folder: string;
  readonly binary: string;
  readonly env: Record<string, string>;
}

/** `scripts/test.ts` builds dist/dazzle once and passes it here; alone, the test builds. */
export async function obtainBinary(mainModule?: string): Promise<string> {
  const prebuilt = process.env["DAZZLE_TEST_BINARY"];
  if (prebuilt && mainModule === undefined && existsSync(prebuilt)) return prebuilt;
  const outfile = join(mkdtempSync(join(tmpdir(), "dazzle-build-")), "dazzle");
  const target = process.arch === "arm64" ? "bun-linux-arm64" : "bun-linux-x64";
  await buildBinary({ target, outfile, ...(mainModule ? { mainModule } : {}) });
  return outfile;
}

export function makeSandbox(binary: string): Sandbox {
  const folder = mkdtempSync(join(tmpdir(), "dazzle-sandbox-"));
  if (hasNodeModulesAbove(folder)) throw new Error(`${folder} can see a node_modules folder`);
  const copy = join(folder, "bin", "dazzle");
  mkdirSync(dirname(copy), { recursive: true });
  cpSync(binary, copy);
  const home = join(folder, "home");
  mkdirSync(home);
  return {
    folder,
    binary: copy,
    env: {
      HOME: home,
      XDG_CACHE_HOME: join(home, ".cache"),
      PATH: "/usr/bin:/bin",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_REGION: "us-east-1",
    },
  };
}

export interface BinaryRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runBinary(sandbox: Sandbox, args: readonly string[],
  cwd = sandbox.folder): Promise<BinaryRun> {
  const child = Bun.spawn([sandbox.binary, ...args], {
    cwd, env: sandbox.env, stdout: "pipe", stderr: "pipe",
  });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited,
  ]);
  return { exitCode, stdout, stderr };
}

function hasNodeModulesAbove(folder: string): boolean {
  const root = parse(folder).root;
  let current = folder;
  // A path has fewer segments than characters: this bounds the walk.
  for (let step = 0; step < folder.length && current !== root; step++) {
    if (existsSync(join(current, "node_modules"))) return true;
    current = dirname(current);
  }
  return existsSync(join(root, "node_modules"));
}
