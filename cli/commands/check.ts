/**
 * `dazzle check`: parse and validate the project's DSL and dazzle.toml, print every problem
 * compiler-style (or as JSON), exit 1 if any is an error.
 */
import { stat } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { renderDiagnostics } from "../../diagnostics/render.ts";
import { loadDeployConfig } from "../../config/index.ts";
import { loadProject } from "../../frontend/index.ts";
import type { CommandContext } from "../command.ts";
import { projectFlag } from "../common-flags.ts";
import { UsageError, UserError } from "../errors.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { resolveProjectDir } from "../project.ts";
import { dazzleVersion } from "../version.ts";

export const usage = `dazzle check [-p DIR] [--format text|json]
Parse and validate the project's DSL (dsl/**/*.dsl) and dazzle.toml; report every problem
with its file, line and column. Exit 1 if any is an error.

Examples:
  dazzle check
  dazzle check -p examples/wallet --format json | jq '.summary'`;

const formats = ["text", "json"] as const;

export const flags: FlagSpecs = {
  project: projectFlag,
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
  const info = await stat(projectDir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new UserError(`project folder ${projectDir} does not exist`,
      "pass -p/--project DIR, or run `dazzle init DIR` to create one");
  }
  const [config, project] = await Promise.all([
    loadDeployConfig(projectDir, { dazzleVersion }),
    loadProject(projectDir),
  ]);
  const diagnostics = sortDiagnostics([...config.diagnostics, ...project.diagnostics]);
  const sources = new Map(project.sources);
  if (config.source) sources.set(config.source.path, config.source.text);
  const summary = summarize(diagnostics, project.sources.size);
  if (format === "json") {
    context.stdout(JSON.stringify({ diagnostics, summary }, null, 2) + "\n");
  } else {
    printText(context, projectDir, diagnostics, sources, summary);
  }
  return hasErrors(diagnostics) ? 1 : 0;
}

function summarize(diagnostics: readonly Diagnostic[], files: number): CheckSummary {
  const count = (severity: Diagnostic["severity"]) =>
    diagnostics.filter((d) => d.severity === severity).length;
  return { files, errors: count("error"), warnings: count("warning"), infos: count("info") };
}

function printText(
  context: CommandContext, projectDir: string, diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>, summary: CheckSummary,
): void {
  // Spans are project-relative; show paths relative to where the user stands.
  const shownPath = (file: string) => {
    const absolute = isAbsolute(file) ? file : join(projectDir, file);
    const fromCwd = relative(context.cwd, absolute);
    return fromCwd.startsWith("..") ? absolute : fromCwd;
  };
  const byShownPath = new Map([...sources].map(([file, text]) => [shownPath(file), text]));
  const shown = diagnostics.filter((d) => !context.quiet || d.severity === "error")
    .map((d) => (d.span ? { ...d, span: { ...d.span, file: shownPath(d.span.file) } } : d));
  if (shown.length > 0) {
    context.stdout(renderDiagnostics(shown, (file) => byShownPath.get(file),
      { color: context.color }) + "\n\n");
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  context.stdout(`checked ${plural(summary.files, "DSL file")} and dazzle.toml: ` +
    `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}\n`);
}
