/**
 * The version of this build. The version comes from package.json (one source of truth, bundled
 * into the binary); the commit is injected by `scripts/build.ts` through Bun's `define`, so a
 * binary always knows what it was built from. Run from source, the commit is "dev".
 */
import packageJson from "../package.json" with { type: "json" };

/** Replaced with a string literal by `bun build --define`; undeclared when run from source. */
declare const DAZZLE_BUILD_COMMIT: string | undefined;

export const dazzleVersion: string = packageJson.version;

export const dazzleCommit: string = typeof DAZZLE_BUILD_COMMIT === "string"
  ? DAZZLE_BUILD_COMMIT
  : "dev";
