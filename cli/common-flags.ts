import type { FlagSpec } from "./flags.ts";

/** `-p/--project DIR`: the project folder (holds `dazzle.toml` and `dsl/`). */
export const projectFlag: FlagSpec = {
  type: "string",
  short: "p",
  valueName: "DIR",
  description: "project folder with dazzle.toml and dsl/ (default: current folder)",
};

/** `--json`: machine-readable output on stdout. */
export const jsonFlag: FlagSpec = { type: "boolean", description: "print JSON instead of text" };

/** `--env NAME`: the environment of dazzle.toml to work on (else DAZZLE_ENV, else the file's). */
export const envFlag: FlagSpec = {
  type: "string",
  valueName: "NAME",
  description: "environment of dazzle.toml (default: DAZZLE_ENV, else [deploy] environment)",
};
