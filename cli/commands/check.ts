/**
 * `dazzle check`: run every stage `deploy plan` runs (dazzle.toml, the DSL, the plan; no
 * synthesis), print every problem compiler-style (or as JSON), exit 1 if any is an error. A
 * project that checks clean plans clean.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { CommandContext } from "../command.ts";
import { envFlag, projectFlag } from "../common-flags.ts";
import { UsageError } from "../errors.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { resolveProjectDir, runProjectPipeline, selectedEnvironment } from "../project.ts";
import { reportDiagnostics, withShownPaths } from "../reporter.ts";

export const usage = `dazzle check [-p DIR] [--format text|json]
Parse and validate the project's DSL and dazzle.toml and plan its deployment, as every deploy
command does (without synthesizing); report every problem with its file, line and column.
Exit 1 if any is an error.

Examples:
  dazzle check
  dazzle check -p examples/wallet --format json | jq '.summary'`;

const formats = ["text", "json"] as const;

export const flags: FlagSpecs = {
  project: projectFlag,
  env: envFlag,
  format: { type: "string", valueName: "FORMAT", default: "text",
    description: "text (compiler-style, default) or json ({diagnostics, summary})" },
};

export interface CheckSummary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export async function run(context: CommandContext): Promise<number> {
  const parsed = parseFlags(context.args, flags, { positionalsMax: 0 });
  const format = parsed.values["format"];
  if (typeof format !== "string" || !(formats as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be text or json, not '${String(format)}'`);
  }
  const projectDir = resolveProjectDir(context, parsed.values["project"]);
  const run = await runProjectPipeline(context, projectDir, "check",
    selectedEnvironment(context, parsed.values["env"]));
  const summary = summarize(run.diagnostics, run.dslFileCount);
  if (format === "json") {
    const diagnostics = withShownPaths(context, projectDir, run.diagnostics);
    context.stdout(JSON.stringify({ diagnostics, summary }, null, 2) + "\n");
  } else {
    if (reportDiagnostics(context, projectDir, run.diagnostics, run.sources, context.stdout) > 0) {
      context.stdout("\n");
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    context.stdout(`checked ${plural(summary.files, "DSL file")} and dazzle.toml: ` +
      `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}\n`);
  }
  return summary.errors > 0 ? 1 : 0;
}

function summarize(diagnostics: readonly Diagnostic[], files: number): CheckSummary {
  const count = (severity: Diagnostic["severity"]) =>
    diagnostics.filter((d) => d.severity === severity).length;
  return { files, errors: count("error"), warnings: count("warning"), infos: count("info") };
}
