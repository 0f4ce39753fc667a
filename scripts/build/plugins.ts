/**
 * Bun.build plugins for the binary:
 * - `dazzle:embedded-tree`: a virtual module importing every embedded file `with { type:
 *   "file" }` (so the compiler stores it in the binary) and exporting the list;
 * - `__dirname` in the modules of embedded packages (aws-cdk-lib, the resource specification)
 *   → `globalThis.__dazzleEmbeddedDir(dir)` (embed/);
 * - a command module that does not exist yet becomes an empty module, which the dispatcher
 *   reports as "not available in this build" instead of failing the whole build.
 */
import type { BunPlugin } from "bun";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { EmbeddedFileList } from "./embedded-files.ts";

const assetSuffix = ".embedded";

export function embeddedTreePlugin(projectRoot: string, files: EmbeddedFileList): BunPlugin {
  return {
    name: "dazzle-embedded-tree",
    setup(build) {
      build.onResolve({ filter: /^dazzle:embedded-tree$/ }, () => ({
        path: "embedded-tree",
        namespace: "dazzle-embedded",
      }));
      // Assets get their own namespace so a file that is also a bundled module (e.g.
      // core/lib/dist/*.generated.js) is embedded verbatim and bundled rewritten, separately.
      // The suffix matters too: Bun shares a module between namespaces with the same path.
      build.onResolve({ filter: /^dazzle-asset:/ }, (args) => ({
        path: join(projectRoot, args.path.slice("dazzle-asset:".length)) + assetSuffix,
        namespace: "dazzle-asset",
      }));
      build.onLoad({ filter: /.*/, namespace: "dazzle-asset" }, (args) => ({
        contents: readFileSync(args.path.slice(0, -assetSuffix.length)),
        loader: "file",
      }));
      build.onLoad({ filter: /.*/, namespace: "dazzle-embedded" }, () => {
        const imports = files.relativePaths.map((path, index) =>
          `import f${index} from ${JSON.stringify(`dazzle-asset:${path}`)};`
        );
        const entries = files.relativePaths.map((path, index) =>
          `[${JSON.stringify(path)}, f${index}]`
        );
        return {
          contents: `${imports.join("\n")}\nexport default { contentHash: ` +
            `${JSON.stringify(files.contentHash)}, files: [${entries.join(",\n")}] };\n`,
          loader: "js",
        };
      });
    },
  };
}

export function dirnamePlugin(projectRoot: string, modulePaths: readonly string[]): BunPlugin {
  const escaped = modulePaths.map((path) => path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  const filter = new RegExp(`^(${escaped.join("|")})$`);
  return {
    name: "dazzle-dirname",
    setup(build) {
      if (modulePaths.length === 0) return;
      build.onLoad({ filter }, (args) => {
        const folder = relative(projectRoot, dirname(args.path)).split("\\").join("/");
        const source = readFileSync(args.path, "utf8");
        const call = `globalThis.__dazzleEmbeddedDir(${JSON.stringify(folder)})`;
        return { contents: source.replace(/\b__dirname\b/g, call), loader: "js" };
      });
    },
  };
}

export function missingCommandPlugin(): BunPlugin {
  return {
    name: "dazzle-missing-command",
    setup(build) {
      build.onResolve({ filter: /^\.\/commands\/[a-z-]+\.ts$/ }, (args) => {
        const path = join(dirname(args.importer), args.path);
        if (existsSync(path)) return undefined;
        return { path, namespace: "dazzle-missing-command" };
      });
      build.onLoad({ filter: /.*/, namespace: "dazzle-missing-command" }, () => ({
        contents: "export {};\n",
        loader: "js",
      }));
    },
  };
}

/** `dazzle:main` (imported by embed/compiled-entry.ts) → the module the binary runs. */
export function mainModulePlugin(mainModule: string): BunPlugin {
  return {
    name: "dazzle-main-module",
    setup(build) {
      build.onResolve({ filter: /^dazzle:main$/ }, () => ({ path: mainModule }));
    },
  };
}
