/**
 * Every command of the CLI, in one table (changesets style): its words, a one-line summary for
 * the top-level help, and a lazy loader. Loading lazily keeps `dazzle --version` from paying for
 * aws-cdk-lib, and keeps a command's failure to load from breaking the others.
 *
 * Each path is a string literal so the bundler embeds the module in the binary. Should a module
 * ever be missing from a build, `scripts/build.ts` substitutes an empty module and the
 * dispatcher says "not available in this build" instead of the whole build failing.
 */
import type { CommandContext } from "./command.ts";
import type { FlagSpecs } from "./flags.ts";

/** What a command module exports (see README, "Adding a command"). */
export interface LoadedCommand {
  readonly usage: string;
  readonly flags: FlagSpecs;
  readonly run: (context: CommandContext) => Promise<number>;
}

export interface CommandEntry {
  /** Words after `dazzle`, e.g. `["deploy", "plan"]`. */
  readonly words: readonly string[];
  readonly summary: string;
  readonly load: () => Promise<unknown>;
}

export const commandTable: readonly CommandEntry[] = [
  {
    words: ["init"],
    summary: "create a new project from the embedded example",
    load: () => import("./commands/init.ts"),
  },
  {
    words: ["check"],
    summary: "parse and validate the DSL and dazzle.toml",
    load: () => import("./commands/check.ts"),
  },
  {
    words: ["deploy", "plan"],
    summary: "show the AWS resources the project needs, without generating anything",
    load: () => import("./commands/deploy-plan.ts"),
  },
  {
    words: ["deploy", "generate"],
    summary: "write the CDK app (TypeScript) for the project into infra/",
    load: () => import("./commands/deploy-generate.ts"),
  },
  {
    words: ["deploy", "synth"],
    summary: "synthesize CloudFormation templates in process (cdk.out/)",
    load: () => import("./commands/deploy-synth.ts"),
  },
  {
    words: ["deploy", "preflight"],
    summary: "check the templates (in process or a cdk synth assembly) before deploying",
    load: () => import("./commands/deploy-preflight.ts"),
  },
  {
    words: ["deploy", "diff"],
    summary: "compare with the deployed stacks or the record; flag destructive changes",
    load: () => import("./commands/deploy-diff.ts"),
  },
  {
    words: ["deploy", "artifacts"],
    summary: "upload the binaries TigerBeetle nodes install at boot to your S3 bucket",
    load: () => import("./commands/deploy-artifacts.ts"),
  },
  {
    words: ["deploy", "ci"],
    summary: "write a CI workflow that deploys the project",
    load: () => import("./commands/deploy-ci.ts"),
  },
  {
    words: ["tigerbeetle", "status"],
    summary: "show how the deployed TigerBeetle cluster is doing (replicas, quorum)",
    load: () => import("./commands/tigerbeetle-status.ts"),
  },
  {
    words: ["agent"],
    summary: "run the TigerBeetle node agent (on a cluster node)",
    load: () => import("./commands/agent.ts"),
  },
];

/** Command groups (`dazzle deploy ...`) and what they hold. */
export const commandGroups: ReadonlyMap<string, string> = new Map([
  ["deploy", "plan, templates, checks, artifacts and CI workflow of the project's AWS deployment"],
  ["tigerbeetle", "look at the deployed TigerBeetle cluster"],
]);

/** A module that exports usage, flags and run; anything else is "not in this build". */
export function asLoadedCommand(module: unknown): LoadedCommand | undefined {
  if (typeof module !== "object" || module === null) return undefined;
  const candidate = module as Partial<LoadedCommand>;
  if (typeof candidate.run !== "function" || typeof candidate.usage !== "string" ||
    typeof candidate.flags !== "object" || candidate.flags === null) {
    return undefined;
  }
  return candidate as LoadedCommand;
}
