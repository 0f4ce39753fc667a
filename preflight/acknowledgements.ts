/**
 * `dazzle-acknowledgements.toml` in the project folder: a team accepts a finding by check ID and
 * resource, with a reason. Acknowledged findings stay in every report, marked, and no longer
 * fail preflight. Format (docs/preflight.md):
 *
 *   [[acknowledge]]
 *   check = "TB_SUBOPTIMAL_IOPS"
 *   resource = "TigerBeetle/DataVolume0"   # Stack/LogicalId, or Stack for stack-level findings
 *   reason = "6,000 IOPS measured sufficient for our load (ticket OPS-12)"
 */
import { parse, TomlError } from "smol-toml";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Span } from "../ir/span.ts";
import { preflightCode, type PreflightCode } from "./codes.ts";
import { resourceKey, type Finding } from "./types.ts";

export const acknowledgementsFileName = "dazzle-acknowledgements.toml";

/** Bound on entries: a file with more acknowledgements than this is not being read by anyone. */
const acknowledgementCountMax = 1000;

export interface Acknowledgement {
  readonly check: string;
  readonly resource: string;
  readonly reason: string;
  readonly span: Span;
}

export interface AcknowledgedFinding extends Finding {
  readonly acknowledged?: { readonly reason: string; readonly span: Span };
}

const allowedKeys = new Set(["check", "resource", "reason"]);
const checkPattern = /^[A-Z][A-Z0-9_]*$/;

function spanAt(file: string, line: number, width: number): Span {
  return { file, line, column: 1, endLine: line, endColumn: 1 + width };
}

/** Parse and validate; every problem becomes a diagnostic naming its line. */
export function parseAcknowledgements(
  text: string,
  file: string = acknowledgementsFileName,
): { acknowledgements: Acknowledgement[]; diagnostics: Diagnostic[] } {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : 1;
    const message = (error as Error).message.split("\n")[0]!;
    return { acknowledgements: [], diagnostics: [{
      ...preflightCode("preflight/acknowledgementSyntax"),
      message: `${file} is not valid TOML: ${message}`,
      span: spanAt(file, line, 1),
    }] };
  }
  const diagnostics: Diagnostic[] = [];
  for (const key of Object.keys(document).filter((k) => k !== "acknowledge")) {
    diagnostics.push({ ...preflightCode("preflight/acknowledgementUnknownKey"),
      message: `unknown top-level key '${key}' in ${file}; only [[acknowledge]] tables belong here`,
      span: spanAt(file, 1, 1) });
  }
  const headerLines = text.split(/\r?\n/).flatMap((line, index) =>
    /^\s*\[\[\s*acknowledge\s*\]\]/.test(line) ? [index + 1] : []
  );
  const entries = Array.isArray(document.acknowledge) ? document.acknowledge : [];
  const acknowledgements: Acknowledgement[] = [];
  entries.slice(0, acknowledgementCountMax).forEach((entry, index) => {
    const span = spanAt(file, headerLines[index] ?? 1, "[[acknowledge]]".length);
    const parsed = validateEntry(entry as Record<string, unknown>, span, diagnostics);
    if (parsed) acknowledgements.push(parsed);
  });
  return { acknowledgements, diagnostics };
}

function validateEntry(
  entry: Record<string, unknown>,
  span: Span,
  diagnostics: Diagnostic[],
): Acknowledgement | undefined {
  const before = diagnostics.length;
  const fail = (code: PreflightCode, message: string, hint?: string) =>
    diagnostics.push({ ...preflightCode(code), message, span, ...(hint ? { hint } : {}) });
  for (const key of Object.keys(entry).filter((k) => !allowedKeys.has(k))) {
    fail("preflight/acknowledgementUnknownKey", `unknown key '${key}' in this acknowledgement`,
      "an acknowledgement has exactly: check, resource, reason");
  }
  const { check, resource, reason } = entry;
  if (typeof check !== "string" || !checkPattern.test(check)) {
    fail("preflight/acknowledgementCheck", "this acknowledgement needs `check`, a check ID " +
      "such as \"TB_SUBOPTIMAL_IOPS\"");
  }
  if (typeof resource !== "string" || resource.trim() === "") {
    fail("preflight/acknowledgementResource", "this acknowledgement needs `resource`, the " +
      "finding's \"Stack/LogicalId\" (as the report prints it)");
  }
  if (typeof reason !== "string" || reason.trim() === "") {
    fail("preflight/acknowledgementReason", "this acknowledgement has no reason; a reason is " +
      "required", "add reason = \"why this finding is acceptable\"");
  }
  if (diagnostics.length > before) return undefined;
  return { check: check as string, resource: resource as string, reason: reason as string, span };
}

/**
 * Mark the findings each acknowledgement matches (same check ID and resource key). Returns the
 * findings and the acknowledgements that matched nothing (stale: worth a warning).
 */
export function applyAcknowledgements(
  findings: readonly Finding[],
  acknowledgements: readonly Acknowledgement[],
): { findings: AcknowledgedFinding[]; unused: Acknowledgement[] } {
  const used = new Set<Acknowledgement>();
  const marked = findings.map((finding): AcknowledgedFinding => {
    const match = acknowledgements.find((ack) =>
      ack.check === finding.ruleId && ack.resource === resourceKey(finding)
    );
    if (match === undefined) return finding;
    used.add(match);
    return { ...finding, acknowledged: { reason: match.reason, span: match.span } };
  });
  return { findings: marked, unused: acknowledgements.filter((ack) => !used.has(ack)) };
}
