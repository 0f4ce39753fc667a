/**
 * Install every tool the test suite needs, pinned, from the package registries only:
 * - PyPI: moto server (AWS emulator), cfn-lint and Jinja (the vocabulary oracle), in a private
 *   virtual environment;
 * - crates.io: tree-sitter CLI (the npm package downloads from GitHub, which is unreachable);
 * - Go module proxy: amazon-ec2-metadata-mock (AWS's instance-metadata emulator);
 * - Debian: clang/lld/wasi-libc (grammar → wasm), shellcheck, qemu-user, llvm (objcopy);
 * - the TigerBeetle server, built from ../shared/vendor with Zig from PyPI (build-tigerbeetle.ts).
 * Idempotent: a tool already at its pinned version is left alone.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { installTigerBeetle } from "./build-tigerbeetle.ts";
import { aptPackages, pinned, pythonVenvDirectory, toolPaths, toolsDirectory } from "./tools.ts";

function run(command: string[],
  options: { env?: Record<string, string>; cwd?: string } = {}): void {
  console.log(`$ ${command.join(" ")}`);
  const result = Bun.spawnSync(command, {
    cwd: options.cwd,
    stdout: "inherit",
    stderr: "inherit",
    env: { ...process.env, ...options.env },
  });
  if (result.exitCode !== 0) {
    throw new Error(`command failed with exit code ${result.exitCode}: ${command.join(" ")}`);
  }
}

function missingAptPackages(): string[] {
  return aptPackages.filter((name) => {
    const probe = Bun.spawnSync(["dpkg-query", "-W", "-f=${Status}", name]);
    return !probe.stdout.toString().includes("install ok installed");
  });
}

function installApt(): void {
  const missing = missingAptPackages();
  if (missing.length === 0) return;
  run(["apt-get", "update", "-qq"]);
  run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...missing], {
    env: { DEBIAN_FRONTEND: "noninteractive" },
  });
}

function installPython(): void {
  if (existsSync(toolPaths.motoServer()) && existsSync(toolPaths.cfnLint()) && hasPinnedJinja()) {
    return;
  }
  run(["python3", "-m", "venv", pythonVenvDirectory()]);
  run([toolPaths.python(), "-m", "pip", "install", "--quiet", `moto[server]==${pinned.moto}`,
    `cfn-lint==${pinned.cfnLint}`, `jinja2==${pinned.jinja2}`]);
}

/** moto brings Jinja too, but unpinned: the vocabulary tests compare with this exact one. */
function hasPinnedJinja(): boolean {
  const lib = join(pythonVenvDirectory(), "lib");
  return existsSync(lib) &&
    readdirSync(lib).some((python) =>
      existsSync(join(lib, python, "site-packages", `jinja2-${pinned.jinja2}.dist-info`))
    );
}

function installTreeSitter(): void {
  if (existsSync(toolPaths.treeSitter())) return;
  run(["cargo", "install", "tree-sitter-cli", "--version", pinned.treeSitterCli, "--locked",
    "--root", join(toolsDirectory(), `tree-sitter-cli-${pinned.treeSitterCli}`)]);
}

function installMetadataMock(): void {
  if (existsSync(toolPaths.ec2MetadataMock())) return;
  const root = join(toolsDirectory(), `ec2-metadata-mock-${pinned.ec2MetadataMock}`);
  run(["go", "install",
    `github.com/aws/amazon-ec2-metadata-mock/cmd/ec2-metadata-mock@${pinned.ec2MetadataMock}`], {
    env: { GOBIN: join(root, "bin"), GOFLAGS: "-mod=mod" },
  });
  // `go install` names the binary after its package folder; give it its real name.
  const built = join(root, "bin", "ec2-metadata-mock");
  if (existsSync(built)) run(["mv", built, toolPaths.ec2MetadataMock()]);
}

function installActionlint(): void {
  if (existsSync(toolPaths.actionlint())) return;
  run(["go", "install", `github.com/rhysd/actionlint/cmd/actionlint@${pinned.actionlint}`], {
    env: { GOBIN: join(toolsDirectory(), `actionlint-${pinned.actionlint}`, "bin"),
      GOFLAGS: "-mod=mod" },
  });
}

mkdirSync(toolsDirectory(), { recursive: true });
installApt();
installPython();
installTreeSitter();
installMetadataMock();
installActionlint();
const tigerbeetleSkipped = installTigerBeetle(run);
if (tigerbeetleSkipped !== undefined) {
  console.log(`TigerBeetle not built: ${tigerbeetleSkipped}; the real-server tests will skip`);
}
console.log(`test tools ready in ${toolsDirectory()}`);
