/**
 * Pinned test and build tools, and where they live. Installed by `install-test-tools.ts` into a
 * per-user cache folder (outside the clone, so a fresh clone on the same machine reuses them),
 * never from anywhere but the package registries.
 */
import { homedir } from "node:os";
import { join } from "node:path";

export const pinned = {
  moto: "5.2.5",
  cfnLint: "1.58.0",
  /** The original framework renders vocabulary with Jinja: the oracle for frontend/vocabulary. */
  jinja2: "3.1.6",
  treeSitterCli: "0.27.1",
  ec2MetadataMock: "v1.13.0",
  /** Lints the GitHub workflow `deploy ci --github` writes (tests/ship/deploy-ci.test.ts). */
  actionlint: "v1.7.12",
  /** The TigerBeetle server the agent tests run (scripts/build-tigerbeetle.ts). */
  tigerbeetle: "0.17.8",
  tigerbeetleCommit: "1e2826ecdee2f6ba617c1ee10903dfa01974d437",
  tigerbeetleSourceSha256: "e9b5dec341d345a030e2d1dd755e398b4cf244ff2a810aa4f6931043e68173dd",
  tigerbeetleClientMin: "0.16.4",
  tigerbeetlePastTags: ["0.17.3", "0.17.4", "0.17.5", "0.17.6", "0.17.7"],
  ziglang: "0.14.1",
} as const;

/** Debian packages: wasm toolchain for the grammar, shellcheck for install.sh, qemu for arm64. */
export const aptPackages = [
  "clang-19",
  "lld-19",
  "wasi-libc",
  "shellcheck",
  "qemu-user",
  // qemu-aarch64 needs the arm64 C library to run the arm64 release binary's `--version`.
  "libc6-arm64-cross",
  // Release archives are also published as .tar.xz (the smaller download).
  "xz-utils",
] as const;

export function toolsDirectory(env: Readonly<Record<string, string | undefined>> = process.env) {
  return env.DAZZLE_TOOLS_DIR ??
    join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "dazzle-tools");
}

export function pythonVenvDirectory(env = process.env): string {
  return join(toolsDirectory(env), `venv-moto${pinned.moto}-cfnlint${pinned.cfnLint}`);
}

/** The vendored TigerBeetle source, in the shared folder next to the clone. */
export function tigerbeetleSourceTarball(): string {
  return join(import.meta.dir, "..", "..", "shared", "vendor",
    `tigerbeetle-${pinned.tigerbeetle}-src.tar.gz`);
}

export const toolPaths = {
  motoServer: (env = process.env) => join(pythonVenvDirectory(env), "bin", "moto_server"),
  cfnLint: (env = process.env) => join(pythonVenvDirectory(env), "bin", "cfn-lint"),
  python: (env = process.env) => join(pythonVenvDirectory(env), "bin", "python"),
  treeSitter: (env = process.env) =>
    join(toolsDirectory(env), `tree-sitter-cli-${pinned.treeSitterCli}`, "bin", "tree-sitter"),
  ec2MetadataMock: (env = process.env) =>
    join(toolsDirectory(env), `ec2-metadata-mock-${pinned.ec2MetadataMock}`, "bin",
      "amazon-ec2-metadata-mock"),
  actionlint: (env = process.env) =>
    join(toolsDirectory(env), `actionlint-${pinned.actionlint}`, "bin", "actionlint"),
  tigerbeetle: (env = process.env) =>
    join(toolsDirectory(env), `tigerbeetle-${pinned.tigerbeetle}`, "bin", "tigerbeetle"),
} as const;
