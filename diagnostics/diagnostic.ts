import type { Span } from "../ir/span.ts";

/**
 * How bad a diagnostic is. `error` stops the pipeline at the end of the stage that found it;
 * `warning` and `info` never do.
 */
export type DiagnosticSeverity = "error" | "warning" | "info";

/**
 * The one diagnostic shape used by every stage (config, syntax, lowering, validation).
 *
 * `code` is stable and machine-readable (`dsl/syntax`, `config/unknownKey`, ...): tests and users
 * match on it, never on `message`. Codes are registered in `codes.ts`.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: DiagnosticSeverity;
  /** One sentence: what is wrong, with the actual and the expected value. */
  readonly message: string;
  /** Where it is. Absent only for project-level problems (e.g. "no .dsl files"). */
  readonly span?: Span;
  /** What to do next, e.g. `did you mean "volume_iops"?`. */
  readonly hint?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Stable order: file, line, column, code. Stages may find problems in any order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.span?.file ?? "";
    const fb = b.span?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.span?.line ?? 0;
    const lb = b.span?.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.span?.column ?? 0;
    const cb = b.span?.column ?? 0;
    if (ca !== cb) return ca - cb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
