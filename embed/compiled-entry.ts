/// <reference path="./embedded-tree-module.d.ts" />
/**
 * Entry point of the compiled binary (scripts/build.ts builds this, not main.ts directly): it
 * installs the embedded-file runtime, which the aws-cdk-lib modules rewritten by the build
 * call instead of `__dirname`, then runs main.ts exactly as `bun main.ts` would.
 */
import embeddedTree from "dazzle:embedded-tree";
import { installEmbeddedDirectory } from "./embedded-directory.ts";

installEmbeddedDirectory(embeddedTree, process.env);
// `dazzle:main` is main.ts (scripts/build.ts maps it; tests may map a probe instead).
await import("dazzle:main");
