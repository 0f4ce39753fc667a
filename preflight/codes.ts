/**
 * Diagnostic codes of preflight's own input, `dazzle-acknowledgements.toml` (documented in
 * docs/preflight.md). Findings about templates are not diagnostics: they have check IDs
 * (`TB_LOW_IOPS`, ...) in the rule table.
 */
import { codeWithSeverity, type CodeRegistry } from "../diagnostics/code-registry.ts";

export const preflightCodes = {
  "preflight/acknowledgementSyntax": { severity: "error",
    summary: "the acknowledgement file is not valid TOML" },
  "preflight/acknowledgementUnknownKey": { severity: "error",
    summary: "a key other than [[acknowledge]] tables with check, resource and reason" },
  "preflight/acknowledgementCheck": { severity: "error",
    summary: "an acknowledgement without a check ID" },
  "preflight/acknowledgementResource": { severity: "error",
    summary: "an acknowledgement without the finding's Stack/LogicalId" },
  "preflight/acknowledgementReason": { severity: "error",
    summary: "an acknowledgement without a reason" },
} as const satisfies CodeRegistry;

export type PreflightCode = keyof typeof preflightCodes;

export function preflightCode(code: PreflightCode) {
  return codeWithSeverity(preflightCodes, code);
}
