/**
 * State shared by the lowering functions of one project: the diagnostics found so far and the
 * references to resolve once every file is lowered (validate.ts).
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Span } from "../../ir/span.ts";
import { frontendDiagnostic, type FrontendCode } from "../codes.ts";

/** A name used in one construct that must be declared by another. */
export type Reference =
  | { readonly kind: "entity"; readonly name: string; readonly span: Span; readonly usedBy: string }
  | { readonly kind: "entityField"; readonly entity: string; readonly field: string;
    readonly span: Span; readonly usedBy: string }
  | { readonly kind: "ledger"; readonly name: string; readonly span: Span;
    readonly usedBy: string };

export interface LowerContext {
  readonly diagnostics: Diagnostic[];
  readonly references: Reference[];
}

export function createLowerContext(): LowerContext {
  return { diagnostics: [], references: [] };
}

export function report(
  context: LowerContext,
  code: FrontendCode,
  message: string,
  span?: Span,
  hint?: string,
): void {
  context.diagnostics.push(frontendDiagnostic(code, message, span, hint));
}
