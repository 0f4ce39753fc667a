/**
 * App-local vocabulary: every `@use entry(...)` line of a file replaced by the DSL its entry's
 * template renders to, before the file is parsed, as the original framework does when the
 * project has `dazzle/local_vocab/manifest.yml`. Pure: a file and the manifest in, the expanded
 * text, where each of its lines came from, and diagnostics out.
 *
 * One deliberate difference: every line of an expansion gets the directive's indentation, so
 * `@use audit_fields()` inside an entity adds fields to it. The original indents only the first
 * line, which leaves the others outside the entity and fails to parse; a project that works
 * there expands to the same text here.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { closestName } from "../../diagnostics/render.ts";
import type { Span } from "../../ir/span.ts";
import { frontendDiagnostic, type FrontendCode } from "../codes.ts";
import type { SourceFile } from "../index.ts";
import { fileSizeBytesMax } from "../limits.ts";
import { findDirectives, isMalformed, mentionsUse, type UseDirective } from "./directives.ts";
import { vocabularyManifestPath, type ManifestResult, type VocabularyEntry } from "./manifest.ts";
import { SpanOrigins, type LineOrigin } from "./span-origin.ts";
import { pythonStr, renderTemplate, type TemplateValue } from "./template.ts";

export interface ExpandedFile {
  readonly text: string;
  /** Absent when the file has no `@use`: its spans need no mapping. */
  readonly origins?: SpanOrigins;
  readonly diagnostics: readonly Diagnostic[];
}

export function expandVocabulary(file: SourceFile, vocabulary?: ManifestResult): ExpandedFile {
  if (!mentionsUse(file.text)) return { text: file.text, diagnostics: [] };
  const lines = file.text.split("\n");
  const diagnostics: Diagnostic[] = [];
  const out: string[] = [];
  const origins: LineOrigin[] = [];
  let next = 0;
  const keepSourceUpTo = (line: number) => {
    for (; next < line; next++) {
      out.push(lines[next]!);
      origins.push({ kind: "source", line: next + 1 });
    }
  };
  for (const directive of findDirectives(lines)) {
    if (isMalformed(directive)) {
      keepSourceUpTo(directive.line);
      diagnostics.push(
        frontendDiagnostic("vocabulary/malformedUse", directive.problem, { file: file.path,
          line: directive.line + 1, column: directive.column, endLine: directive.line + 1,
          endColumn: directive.endColumn }),
      );
      // Blank, so the '@' is not reported a second time as a syntax error.
      out.push("");
      origins.push({ kind: "source", line: directive.line + 1 });
      next = directive.line + 1;
      continue;
    }
    keepSourceUpTo(directive.firstLine);
    next = directive.lastLine + 1;
    const expanded = expandDirective(file.path, directive, vocabulary);
    if (!("lines" in expanded)) {
      if (expanded.diagnostic) diagnostics.push(expanded.diagnostic);
      out.push("");
      origins.push({ kind: "expansion", directive });
      continue;
    }
    for (const line of expanded.lines) {
      out.push(line === "" ? "" : directive.indentation + line);
      origins.push({ kind: "expansion", directive });
    }
  }
  keepSourceUpTo(lines.length);
  const text = out.join("\n");
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > fileSizeBytesMax) {
    return { text: "", diagnostics: [
      frontendDiagnostic("vocabulary/expansionTooLarge",
        `with its @use lines expanded, the file is ${bytes} bytes; the limit is ` +
          `${fileSizeBytesMax}`, { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 },
        "split it into several .dsl files"),
    ] };
  }
  return { text, origins: new SpanOrigins(file.path, origins), diagnostics };
}

/** The lines one directive expands to, or why it cannot (no diagnostic: already reported). */
function expandDirective(
  path: string,
  directive: UseDirective,
  vocabulary: ManifestResult | undefined,
): { readonly lines: readonly string[] } | { readonly diagnostic?: Diagnostic } {
  const span: Span = { file: path, line: directive.firstLine + 1, column: directive.column,
    endLine: directive.lastLine + 1, endColumn: directive.endColumn };
  const report = (code: FrontendCode, message: string, hint?: string) => ({
    diagnostic: frontendDiagnostic(code, message, span, hint),
  });
  const use = `'@use ${directive.entry}'`;
  if (vocabulary === undefined) {
    return report("vocabulary/noManifest", `${use} needs the project's vocabulary, ` +
      `${vocabularyManifestPath}, which does not exist`,
      "add the manifest (the original framework's `dazzle vocab` commands write it), or write " +
        "out the DSL the entry stands for");
  }
  // An unreadable manifest is reported once, where it is.
  if (vocabulary.manifest === undefined) return {};
  const entry = vocabulary.manifest.entries.get(directive.entry);
  if (entry === undefined) {
    const known = [...vocabulary.manifest.entries.keys()];
    const guess = closestName(directive.entry, known);
    return report("vocabulary/unknownEntry", `${use}: ${vocabularyManifestPath} has no entry ` +
      `'${directive.entry}'`, guess ?
      `did you mean '${guess}'?` :
      `its entries: ${known.join(", ") || "none"}`);
  }
  const values = bindArguments(entry, directive.arguments);
  if (typeof values === "string") return report("vocabulary/invalidArgument", `${use}: ${values}`);
  const rendered = renderTemplate(entry.body, values);
  if (!rendered.ok) {
    return report("vocabulary/unsupportedTemplate", `${use}: the template of entry ` +
      `'${entry.id}' (${entry.span.file}:${entry.span.line}) cannot be rendered: ` +
      rendered.problem, "expand it with the original framework (`dazzle vocab expand`) and " +
      "use the expanded DSL");
  }
  return { lines: rendered.text.split("\n") };
}

/** The template's values: arguments checked against the entry's parameters, then defaults. */
function bindArguments(
  entry: VocabularyEntry,
  given: ReadonlyMap<string, TemplateValue>,
): Map<string, TemplateValue> | string {
  const names = entry.parameters.map((parameter) => parameter.name);
  for (const name of given.keys()) {
    if (names.includes(name)) continue;
    const guess = closestName(name, names);
    return `entry '${entry.id}' has no parameter '${name}'` +
      (guess ? ` (did you mean '${guess}'?)` : ` (its parameters: ${names.join(", ") || "none"})`);
  }
  const values = new Map<string, TemplateValue>();
  for (const parameter of entry.parameters) {
    const value = given.get(parameter.name);
    if (value !== undefined) {
      const checked = checkType(parameter.type, value);
      if (checked === undefined) {
        return `parameter '${parameter.name}' must be a ${parameter.type}, found ` +
          `'${pythonStr(value)}'`;
      }
      values.set(parameter.name, checked);
    } else if (parameter.required) {
      return `parameter '${parameter.name}' of entry '${entry.id}' is required`;
    } else if (parameter.defaultValue !== undefined) {
      values.set(parameter.name, parameter.defaultValue);
    }
  }
  return values;
}

/** The original's checks and coercions for each parameter type. */
function checkType(type: string, value: TemplateValue): TemplateValue | undefined {
  switch (type) {
    case "string":
      return typeof value === "string" ? value : undefined;
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value !== "string") return value;
      if (/^(true|yes|1)$/i.test(value)) return true;
      return /^(false|no|0)$/i.test(value) ? false : undefined;
    case "number":
      if (typeof value === "number") return value;
      return typeof value === "string" && /^-?(\d+|\d*\.\d+|\d+\.\d*)$/.test(value)
        ? Number(value) :
        undefined;
    case "list":
      return Array.isArray(value) ? value : undefined;
    case "dict":
      // @use arguments cannot write a mapping.
      return undefined;
    default:
      return value;
  }
}
