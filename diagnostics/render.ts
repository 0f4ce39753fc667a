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
  const severityColor = diagnostic.severity === "error" ?
    ansi.red
    : diagnostic.severity === "warning" ?
    ansi.yellow
    : ansi.cyan;
  const where = diagnostic.span
    ? `${escapeControls(diagnostic.span.file)}:${diagnostic.span.line}:${diagnostic.span.column}: `
    : "";
  const lines = [
    `${paint(ansi.bold, where)}` +
    `${paint(severityColor, `${diagnostic.severity}[${diagnostic.code}]`)}: ` +
    escapeControls(diagnostic.message, { keepNewlines: true }),
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
  if (diagnostic.hint) {
    lines.push(`  = hint: ${escapeControls(diagnostic.hint, { keepNewlines: true })}`);
  }
  return lines.join("\n");
}

/**
 * Characters never echoed raw to a terminal: C0 controls but tab and newline (ESC starts
 * terminal escape sequences: a DSL file must not retitle or recolour the user's terminal), DEL,
 * C1 controls, and the bidirectional marks, overrides and isolates that make text display in
 * another order than it is read ("Trojan Source").
 */
const controlCharacter =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** How one character is shown: controls as `\x1b` / `\u{202e}`, a tab as one space. */
function shownCharacter(char: string, keepNewlines: boolean): string {
  if (char === "\t") return " ";
  if (char === "\n" && keepNewlines) return char;
  if (char === "\n" || controlCharacter.test(char)) {
    const code = char.codePointAt(0)!;
    return code <= 0xff ?
      `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u{${code.toString(16)}}`;
  }
  return char;
}

/** `text` with every control character escaped (newlines kept when asked). */
function escapeControls(text: string, options: { keepNewlines?: boolean } = {}): string {
  let shown = "";
  for (const char of text) shown += shownCharacter(char, options.keepNewlines === true);
  return shown;
}

function excerpt(sourceLine: string, line: number, column: number, width: number): string[] {
  // Escaping widens characters: map the span's columns (characters of the source line) to
  // positions in the shown line, so the caret stays under what it points at.
  const pieces = [...sourceLine].flatMap((char) => {
    const shown = shownCharacter(char, false);
    // A surrogate pair is two columns of the source line and one character here.
    return char.length === 2 ? [shown, ""] : [shown];
  });
  const offsetOf = (index: number) =>
    pieces.slice(0, index).reduce((sum, piece) => sum + piece.length, 0);
  let shown = pieces.join("");
  let caretColumn = offsetOf(column - 1) + 1;
  const shownWidth = Math.max(1, offsetOf(column - 1 + width) - caretColumn + 1);
  if (shown.length > echoedLineLengthMax) {
    const start = Math.max(0, caretColumn - 1 - echoedLineLengthMax / 2);
    shown = (start > 0 ? "…" : "") + shown.slice(start, start + echoedLineLengthMax) + "…";
    caretColumn = caretColumn - start + (start > 0 ? 1 : 0);
  }
  const gutter = String(line);
  const pad = " ".repeat(gutter.length);
  const caretWidth = Math.min(shownWidth, Math.max(1, shown.length - caretColumn + 1));
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
