import type { Diagnostic } from "./diagnostic.ts";

/** Source text by file path, used to print the offending line under a diagnostic. */
export type SourceLookup = (file: string) => string | undefined;

export interface RenderOptions {
  readonly color: boolean;
}

const ansi = {
  red: "\x1b[31m",
  yellow: "\x1b[33m",
  cyan: "\x1b[36m",
  bold: "\x1b[1m",
  reset: "\x1b[0m",
};

/** Longest source line we echo; longer lines are cut around the caret so output stays readable. */
const echoedLineLengthMax = 160;

/**
 * Render like a compiler: `file:line:col: error[CODE]: message`, the source line, a caret
 * under the span, and the hint.
 */
function renderDiagnostic(
  diagnostic: Diagnostic,
  sources: SourceLookup,
  options: RenderOptions,
): string {
  const paint = (code: string, text: string) => (options.color ? code + text + ansi.reset : text);
  const severityColor = diagnostic.severity === "error" ? ansi.red
    : diagnostic.severity === "warning" ? ansi.yellow
    : ansi.cyan;
  const where = diagnostic.span
    ? `${diagnostic.span.file}:${diagnostic.span.line}:${diagnostic.span.column}: `
    : "";
  const lines = [
    `${paint(ansi.bold, where)}` +
      `${paint(severityColor, `${diagnostic.severity}[${diagnostic.code}]`)}: ` +
      diagnostic.message,
  ];
  const span = diagnostic.span;
  const text = span ? sources(span.file) : undefined;
  if (span && text !== undefined) {
    const sourceLine = text.split(/\r?\n/)[span.line - 1];
    if (sourceLine !== undefined) {
      lines.push(...excerpt(sourceLine, span.line, span.column, span.endLine === span.line
        ? Math.max(1, span.endColumn - span.column)
        : Math.max(1, sourceLine.length - span.column + 1)));
    }
  }
  if (diagnostic.hint) lines.push(`  = hint: ${diagnostic.hint}`);
  return lines.join("\n");
}

function excerpt(sourceLine: string, line: number, column: number, width: number): string[] {
  let shown = sourceLine.replace(/\t/g, " ");
  let caretColumn = column;
  if (shown.length > echoedLineLengthMax) {
    const start = Math.max(0, column - 1 - echoedLineLengthMax / 2);
    shown = (start > 0 ? "…" : "") + shown.slice(start, start + echoedLineLengthMax) + "…";
    caretColumn = column - start + (start > 0 ? 1 : 0);
  }
  const gutter = String(line);
  const pad = " ".repeat(gutter.length);
  const caretWidth = Math.min(width, Math.max(1, shown.length - caretColumn + 1));
  return [
    `${pad} |`,
    `${gutter} | ${shown}`,
    `${pad} | ${" ".repeat(Math.max(0, caretColumn - 1))}${"^".repeat(caretWidth)}`,
  ];
}

export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: SourceLookup,
  options: RenderOptions,
): string {
  return diagnostics.map((d) => renderDiagnostic(d, sources, options)).join("\n\n");
}

/**
 * "did you mean" helper shared by config and DSL validation. By default a guess may be
 * max(2, length / 3) edits away; `distanceMax` tightens that where a wrong guess costs more.
 */
export function closestName(
  name: string,
  candidates: readonly string[],
  distanceMax?: number,
): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  // Only suggest when the guess is plausibly a typo, not an unrelated word.
  const threshold = distanceMax ?? Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= threshold ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
