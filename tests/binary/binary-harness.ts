/**
 * Builds (or reuses) the dazzle binary and runs it the way a user who downloaded it would: a
 * copy in an empty folder far from this repository, its own HOME and cache, a minimal PATH, and
 * fake AWS credentials with the metadata service disabled.
 *
 * A copy elsewhere is not enough: Bun freezes the build machine's absolute paths into the
 * binary, so a module that reads `<checkout>/node_modules/...` would still find it here. So each
 * run happens in a private mount namespace (`unshare -m`) with an empty tmpfs mounted over the
 * checkout, and, unless the test needs loopback emulators, in a network namespace with no
 * interfaces up: the binary sees neither the build tree nor any network.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, parse, relative, resolve } from "node:path";
import { buildBinary } from "../../scripts/build.ts";

/** The checkout the binary was built from: what every run must not see. */
const buildTree = resolve(import.meta.dir, "../..");

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
  if (!relative(buildTree, folder).startsWith("..")) {
    throw new Error(`${folder} is inside the build tree ${buildTree}, which runs hide`);
  }
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

export interface RunOptions {
  readonly cwd?: string;
  /** Keep the host's network (loopback emulators such as moto); default: no network at all. */
  readonly network?: boolean;
  readonly env?: Readonly<Record<string, string>>;
}

export async function runBinary(sandbox: Sandbox, args: readonly string[],
  options: RunOptions | string = {}): Promise<BinaryRun> {
  return finished(startBinary(sandbox, args, options));
}

/** The binary as a running process (it replaces the hiding shell: same pid, for kill -9). */
export function startBinary(sandbox: Sandbox, args: readonly string[],
  options: RunOptions | string = {}) {
  const { cwd = sandbox.folder, network = false, env = {} } = typeof options === "string"
    ? { cwd: options }
    : options;
  return Bun.spawn([...hiddenTreePrefix(network), sandbox.binary, ...args], {
    cwd,
    env: { ...sandbox.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
}

export async function finished(child: ReturnType<typeof startBinary>): Promise<BinaryRun> {
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
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

/**
 * `unshare` arguments that run a command with the build tree hidden under an empty tmpfs:
 * as root directly, else inside a user namespace (`-r`). Found once by trying; a machine that
 * allows neither cannot run these tests honestly, so they fail saying why.
 */
let hidingFlags: readonly string[] | undefined;

function hiddenTreePrefix(network: boolean): string[] {
  hidingFlags ??= findHidingFlags();
  const namespaces = network ? ["-m"] : ["-m", "-n"];
  // sh's $0 is the folder to cover; "$@" is the binary and its arguments.
  return [unshareBinary(), ...hidingFlags, ...namespaces, "--propagation", "private", "--",
    "/bin/sh", "-c", hideScript, buildTree];
}

const hideScript = "mount -t tmpfs -o size=64k,mode=755 dazzle-hidden \"$0\" && " +
  "test ! -e \"$0/package.json\" && exec \"$@\"";

function unshareBinary(): string {
  const found = ["/usr/bin/unshare", "/bin/unshare"].find((path) => existsSync(path));
  if (!found) throw new Error("the binary tests need unshare(1) (util-linux) to hide the tree");
  return found;
}

function findHidingFlags(): readonly string[] {
  const failures: string[] = [];
  for (const flags of [[], ["-r"]]) {
    const probe = Bun.spawnSync([unshareBinary(), ...flags, "-m", "-n", "--propagation", "private",
      "--", "/bin/sh", "-c", hideScript, buildTree, "/bin/true"], { stdout: "pipe",
      stderr: "pipe" });
    if (probe.exitCode === 0) return flags;
    failures.push(`unshare ${[...flags, "-m", "-n"].join(" ")}: ${probe.stderr.toString().trim()}`);
  }
  throw new Error("cannot hide the build tree from the binary (needs root or user " +
    `namespaces):\n${failures.join("\n")}`);
}
