/**
 * The one way commands print diagnostics. Every command shows them alike:
 * - paths relative to where the user stands (the project's own paths are project-relative, so
 *   `-p proj` shows `proj/dsl/x.dsl`), absolute when the file is outside the working folder;
 * - `--quiet`: errors only; default: errors and warnings; `--verbose`: infos too, and each
 *   pipeline stage with its outcome and time.
 * A `UserError` is printed as a diagnostic without a place (`error[code]: message`, hint).
 */
import { isAbsolute, join, relative } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { renderDiagnostics } from "../diagnostics/render.ts";
import type { StageRecord } from "../pipeline/index.ts";
import type { CommandContext } from "./command.ts";
import type { UserError } from "./errors.ts";
import { paint } from "./output.ts";

/** What `--quiet`/`--verbose` leave of `diagnostics`, paths shown relative to the user. */
function shownDiagnostics(
  context: CommandContext,
  projectDir: string,
  diagnostics: readonly Diagnostic[],
): Diagnostic[] {
  return withShownPaths(context, projectDir, diagnostics.filter((d) => isShown(context, d)));
}

/** All of `diagnostics` (for JSON output), paths shown relative to the user. */
export function withShownPaths(
  context: CommandContext,
  projectDir: string,
  diagnostics: readonly Diagnostic[],
): Diagnostic[] {
  return diagnostics.map((d) =>
    d.span ? { ...d, span: { ...d.span, file: shownPath(context, projectDir, d.span.file) } } : d
  );
}

/**
 * Render the shown diagnostics compiler-style to `write` (stderr unless the diagnostics are the
 * command's output, as for `check`). Returns how many were printed.
 */
export function reportDiagnostics(
  context: CommandContext,
  projectDir: string,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  write: (text: string) => void = context.stderr,
): number {
  const shown = shownDiagnostics(context, projectDir, diagnostics);
  if (shown.length === 0) return 0;
  const byShownPath = new Map(
    [...sources].map(([file, text]) => [shownPath(context, projectDir, file), text]),
  );
  write(renderDiagnostics(shown, (file) => byShownPath.get(file), { color: context.color }) +
    "\n");
  return shown.length;
}

/** `--verbose`: one line per pipeline stage, with its outcome and time. */
export function reportStages(context: CommandContext, stages: readonly StageRecord[]): void {
  if (!context.verbose) return;
  for (const record of stages) {
    const time = record.outcome === "skipped" ? "" : `  ${record.milliseconds.toFixed(1)} ms`;
    const detail = record.detail === undefined ? "" : `  (${record.detail})`;
    context.stderr(
      paint(context.color, "dim",
        `stage ${record.stage.padEnd(8)} ${record.outcome.padEnd(7)}${time}${detail}`) + "\n",
    );
  }
}

/** A UserError, rendered like a diagnostic without a place. */
export function renderUserError(error: UserError, color: boolean): string {
  const diagnostic: Diagnostic = { code: error.code, severity: "error", message: error.message,
    ...(error.hint !== undefined ? { hint: error.hint } : {}) };
  return renderDiagnostics([diagnostic], () => undefined, { color }) + "\n";
}

function isShown(context: CommandContext, diagnostic: Diagnostic): boolean {
  if (context.quiet) return diagnostic.severity === "error";
  return diagnostic.severity !== "info" || context.verbose;
}

function shownPath(context: CommandContext, projectDir: string, file: string): string {
  const absolute = isAbsolute(file) ? file : join(projectDir, file);
  const fromCwd = relative(context.cwd, absolute);
  return fromCwd === "" || fromCwd.startsWith("..") ? absolute : fromCwd;
}
