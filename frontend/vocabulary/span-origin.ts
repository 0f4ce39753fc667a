/**
 * Positions in an expanded file, said in the file the user wrote: a line that came from the
 * source keeps its line and columns; a line that an `@use` expanded to points at that
 * directive. Every span of the file goes through here (diagnostics, references and IR), so a
 * message about an expansion's text still points at a line that exists.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Span } from "../../ir/span.ts";
import type { UseDirective } from "./directives.ts";

/** Where one line of the expanded text came from. */
export type LineOrigin =
  | { readonly kind: "source"; readonly line: number }
  | { readonly kind: "expansion"; readonly directive: UseDirective };

export class SpanOrigins {
  constructor(
    private readonly file: string,
    /** By expanded line, 0-based. */
    private readonly origins: readonly LineOrigin[],
  ) {}

  private originOf(line: number): LineOrigin {
    const index = Math.min(Math.max(line - 1, 0), this.origins.length - 1);
    return this.origins[index]!;
  }

  /** The directive whose expansion holds the span's start, if any. */
  directiveAt(span: Span): UseDirective | undefined {
    if (span.file !== this.file) return undefined;
    const origin = this.originOf(span.line);
    return origin.kind === "expansion" ? origin.directive : undefined;
  }

  map(span: Span): Span {
    if (span.file !== this.file) return span;
    const start = this.originOf(span.line);
    const end = this.originOf(span.endLine);
    const mapped = {
      file: span.file,
      line: start.kind === "source" ? start.line : start.directive.firstLine + 1,
      column: start.kind === "source" ? span.column : start.directive.column,
      endLine: end.kind === "source" ? end.line : end.directive.lastLine + 1,
      endColumn: end.kind === "source" ? span.endColumn : end.directive.endColumn,
    };
    return mapped.endLine < mapped.line ?
      { ...mapped, endLine: mapped.line, endColumn: mapped.column + 1 } :
      mapped;
  }

  /** A diagnostic about expanded text says which directive's expansion it is in. */
  mapDiagnostic(diagnostic: Diagnostic): Diagnostic {
    if (diagnostic.span === undefined) return diagnostic;
    const directive = this.directiveAt(diagnostic.span);
    const mapped = { ...diagnostic, span: this.map(diagnostic.span) };
    return directive ? withExpansionNote(mapped, directive) : mapped;
  }

  /**
   * The same note for a diagnostic whose span was mapped already (found on the IR, after
   * lowering): a span that starts at a directive's `@` came from its expansion, since the
   * directive's own text is never parsed.
   */
  noteExpansion(diagnostic: Diagnostic): Diagnostic {
    const span = diagnostic.span;
    if (span === undefined || span.file !== this.file) return diagnostic;
    const origin = this.origins.find((candidate) =>
      candidate.kind === "expansion" && candidate.directive.firstLine + 1 === span.line &&
      candidate.directive.column === span.column
    );
    return origin?.kind === "expansion" ?
      withExpansionNote(diagnostic, origin.directive) :
      diagnostic;
  }

  /** A copy of plain data (IR nodes, references) with every span of this file mapped. */
  mapDeep<T>(value: T): T {
    return mapValue(value, (span) => this.map(span)) as T;
  }
}

function withExpansionNote(diagnostic: Diagnostic, directive: UseDirective): Diagnostic {
  return { ...diagnostic,
    message: `${diagnostic.message} (in what '@use ${directive.entry}' expands to)` };
}

function mapValue(value: unknown, map: (span: Span) => Span): unknown {
  if (Array.isArray(value)) return value.map((item) => mapValue(item, map));
  if (typeof value !== "object" || value === null) return value;
  if (isSpan(value)) return map(value);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapValue(item, map)]));
}

const spanKeys = ["file", "line", "column", "endLine", "endColumn"];

function isSpan(value: object): value is Span {
  const keys = Object.keys(value);
  return keys.length === spanKeys.length && spanKeys.every((key) => keys.includes(key)) &&
    typeof (value as Span).file === "string" && typeof (value as Span).line === "number";
}
