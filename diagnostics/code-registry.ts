/**
 * The one shape of a diagnostic-code registry. Each stage keeps its own table (frontend/codes.ts,
 * config/codes.ts, plan/codes.ts, ...) whose keys are the codes themselves, so a code is written
 * once, typed everywhere it is used, and carries its severity: a stage cannot report a code
 * with another severity than its table says. The summaries are the documentation's one-liners;
 * a test checks that every code of every table appears in its docs page.
 */
import type { Diagnostic, DiagnosticSeverity } from "./diagnostic.ts";
import type { Span } from "../ir/span.ts";

export interface CodeInfo {
  readonly severity: DiagnosticSeverity;
  /** One line: what the code means (the docs table says the same in its own words). */
  readonly summary: string;
}

/** `area/name` → what it means. Keys are the stable codes users and tests match on. */
export type CodeRegistry = Readonly<Record<string, CodeInfo>>;

/** `{ code, severity }` of a registered code, to spread into a Diagnostic literal. */
export function codeWithSeverity<R extends CodeRegistry>(
  registry: R,
  code: keyof R & string,
): { readonly code: keyof R & string; readonly severity: DiagnosticSeverity } {
  return { code, severity: registry[code]!.severity };
}

/** A builder of diagnostics whose severity comes from `registry`, so it cannot drift. */
export function diagnosticBuilder<R extends CodeRegistry>(registry: R) {
  return (code: keyof R & string, message: string, span?: Span, hint?: string): Diagnostic => {
    const diagnostic: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
      code,
      severity: registry[code]!.severity,
      message,
    };
    if (span) diagnostic.span = span;
    if (hint) diagnostic.hint = hint;
    return diagnostic;
  };
}
