/**
 * Build the `dazzle` binary: `bun build --compile --bytecode --minify` of main.ts (through
 * embed/compiled-entry.ts, which adds the embedded-file runtime), for one target.
 *
 *   bun scripts/build.ts [--target bun-linux-x64|bun-linux-arm64] [--outfile dist/dazzle]
 *
 * Prints the output path and size. Fails when the bundle pulls in something that must stay out
 * of the binary (the aws-cdk-lib root, cdk-nag) or the binary exceeds the size budget.
 */
import { mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeInfraSourcesModule } from "../generate/write-infra-sources.ts";
import { listEmbeddedFiles, modulesUsingDirname,
  unhandledDirnameModules } from "./build/embedded-files.ts";
import { dirnamePlugin, embeddedTreePlugin, mainModulePlugin,
  missingCommandPlugin } from "./build/plugins.ts";

/** Budget from issue 2: a binary over this is a regression (usually an aws-cdk-lib root import). */
export const binarySizeBytesMax = 170 * 1024 * 1024;

const targets = ["bun-linux-x64", "bun-linux-arm64"] as const;
type Target = (typeof targets)[number];

const projectRoot = resolve(import.meta.dir, "..");

/** Modules that must never be in the binary: they would double its size. */
const forbiddenInputs = [/node_modules\/cdk-nag\//, /node_modules\/aws-cdk-lib\/index\.js$/];

export interface BuildOptions {
  readonly target: Target;
  readonly outfile: string;
  /**
   * What the binary runs after installing the embedded-file runtime; default main.ts. Tests
   * pass a small probe to check embedding apart from the CLI.
   */
  readonly mainModule?: string;
}

export async function buildBinary(options: BuildOptions): Promise<{ sizeBytes: number }> {
  // The binary carries the text of stacks/** and ir/** for `deploy generate`: refresh it so the
  // infra/ app a binary writes always matches the stacks that binary synthesizes.
  writeInfraSourcesModule(projectRoot, false);
  const files = listEmbeddedFiles(projectRoot);
  const rewritten = modulesUsingDirname(projectRoot);
  mkdirSync(dirname(options.outfile), { recursive: true });
  const result = await Bun.build({
    entrypoints: [join(projectRoot, "embed", "compiled-entry.ts")],
    compile: { target: options.target, outfile: options.outfile, autoloadDotenv: false,
      autoloadBunfig: false },
    bytecode: true,
    // Each command's module (cli/commands.ts loads them with import()) becomes its own chunk
    // inside the binary, loaded only when that command runs: without it every process starts
    // the whole bundle (`dazzle --version` 53 → 38 MiB RSS, the agent at start 72 → 57 MiB).
    splitting: true,
    minify: true,
    format: "esm",
    target: "bun",
    metafile: true,
    define: { DAZZLE_BUILD_COMMIT: JSON.stringify(gitCommit()) },
    plugins: [
      mainModulePlugin(options.mainModule ?? join(projectRoot, "main.ts")),
      embeddedTreePlugin(projectRoot, files),
      dirnamePlugin(projectRoot, rewritten),
      missingCommandPlugin(),
    ],
  });
  if (!result.success) {
    throw new Error(`build failed:\n${result.logs.map((log) => String(log)).join("\n")}`);
  }
  const inputs = Object.keys(result.metafile?.inputs ?? {});
  for (const pattern of forbiddenInputs) {
    const offender = inputs.find((input) => pattern.test(input));
    if (offender) throw new Error(`${offender} must not be in the binary (see toolchain.md)`);
  }
  const unhandled = unhandledDirnameModules(inputs, rewritten);
  if (unhandled.length > 0) {
    throw new Error(`these bundled modules find files through __dirname, which a copied binary ` +
      `cannot see; add their package to embeddedPackages (scripts/build/embedded-files.ts):\n` +
      unhandled.join("\n"));
  }
  const sizeBytes = statSync(options.outfile).size;
  if (sizeBytes > binarySizeBytesMax) {
    throw new Error(`binary is ${sizeBytes} bytes; the budget is ${binarySizeBytesMax}`);
  }
  return { sizeBytes };
}

/** The commit the binary is built from; "+dirty" when the tree has uncommitted changes. */
function gitCommit(): string {
  const head = Bun.spawnSync(["git", "rev-parse", "--short=12", "HEAD"], { cwd: projectRoot });
  if (head.exitCode !== 0) return "unknown";
  const status = Bun.spawnSync(["git", "status", "--porcelain", "--untracked-files=no"], {
    cwd: projectRoot,
  });
  const dirty = status.exitCode === 0 && status.stdout.toString().trim() !== "";
  return head.stdout.toString().trim() + (dirty ? "+dirty" : "");
}

function parseBuildArgs(argv: readonly string[]): BuildOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { target: { type: "string" }, outfile: { type: "string" } },
    strict: true,
  });
  const target = values.target ?? `bun-linux-${process.arch === "arm64" ? "arm64" : "x64"}`;
  if (!targets.includes(target as Target)) {
    throw new Error(`--target must be one of ${targets.join(", ")}, got ${target}`);
  }
  return {
    target: target as Target,
    outfile: resolve(values.outfile ?? join(projectRoot, "dist", "dazzle")),
  };
}

if (import.meta.main) {
  const options = parseBuildArgs(process.argv.slice(2));
  const startedMs = performance.now();
  const { sizeBytes } = await buildBinary(options);
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  console.log(`built ${options.outfile} (${options.target}, ` +
    `${(sizeBytes / 1024 / 1024).toFixed(1)} MiB) in ${seconds} s`);
}
