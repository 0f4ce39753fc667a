/**
 * The project's vocabulary: `dazzle/local_vocab/manifest.yml`, the original framework's file of
 * `@use` entries. Only what expansion needs is read (each entry's `id`, `parameters` and
 * `expansion.body`); the framework's other keys (`kind`, `scope`, `metadata`, `tags`, ...) are
 * accepted without being interpreted, as dazzle.toml's framework sections are.
 *
 * YAML 1.1, as the original reads it with PyYAML: `yes`/`no`/`on`/`off` are booleans there.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node, type ScalarTag,
  type Tags } from "yaml";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Span } from "../../ir/span.ts";
import { frontendDiagnostic } from "../codes.ts";
import type { TemplateValue } from "./template.ts";

/** Where the original looks for it, from the project folder. */
export const vocabularyManifestPath = "dazzle/local_vocab/manifest.yml";

/** The parameter types the original checks an argument against. */
const parameterTypes = ["string", "boolean", "number", "list", "dict", "model_ref"] as const;
export type ParameterType = (typeof parameterTypes)[number];

export interface VocabularyParameter {
  readonly name: string;
  readonly type: ParameterType;
  readonly required: boolean;
  /** Absent: optional without a default (a template that uses it cannot render). */
  readonly defaultValue?: TemplateValue;
}

export interface VocabularyEntry {
  readonly id: string;
  readonly parameters: readonly VocabularyParameter[];
  /** The Jinja template the entry expands to. */
  readonly body: string;
  readonly span: Span;
}

export interface VocabularyManifest {
  readonly path: string;
  readonly entries: ReadonlyMap<string, VocabularyEntry>;
}

/** The manifest's text, as read from the project (absent when there is none). */
export interface VocabularySource {
  readonly path: string;
  readonly text: string;
}

export type ManifestResult =
  | { readonly manifest: VocabularyManifest; readonly diagnostics: readonly Diagnostic[] }
  | { readonly manifest?: undefined; readonly diagnostics: readonly Diagnostic[] };

const boolTag = "tag:yaml.org,2002:bool";
const floatTag = "tag:yaml.org,2002:float";

/**
 * YAML 1.1 as PyYAML reads it: its booleans without `y` and `n` (strings there: a parameter
 * named `n` is a name, not `false`), and a float with an exponent only with a point and a
 * signed exponent (`1e3` is a string there, `1.0e+3` a number).
 */
function asPyyaml(tags: Tags): Tags {
  const bool = (value: boolean, test: RegExp): ScalarTag => ({ tag: boolTag, default: true,
    identify: (candidate) => candidate === value, test, resolve: () => value });
  const exponent: ScalarTag = { tag: floatTag, format: "EXP", default: true,
    identify: (candidate) => typeof candidate === "number",
    test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*[eE][-+][0-9]+$/,
    resolve: (written) => parseFloat(written.replace(/_/g, "")) };
  return [
    bool(true, /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/),
    bool(false, /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/),
    exponent,
    ...tags.filter((tag) =>
      typeof tag !== "object" ||
      (tag.tag !== boolTag && !(tag.tag === floatTag && tag.format === "EXP"))
    ),
  ];
}

export function readVocabularyManifest(source: VocabularySource): ManifestResult {
  const lines = new LineCounter();
  const document = parseDocument(source.text, { version: "1.1", lineCounter: lines,
    prettyErrors: false, uniqueKeys: true, customTags: asPyyaml });
  const spanAt = (offset: number | undefined): Span => {
    const start = lines.linePos(offset ?? 0);
    return { file: source.path, line: start.line, column: start.col, endLine: start.line,
      endColumn: start.col + 1 };
  };
  const invalid = (message: string, offset?: number) => ({
    diagnostics: [
      frontendDiagnostic("vocabulary/invalidManifest", message, spanAt(offset),
        "fix the manifest, or remove the @use lines that need it"),
    ],
  });
  const [error] = document.errors;
  if (error) {
    return invalid(`the vocabulary manifest is not valid YAML: ${error.message}`, error.pos[0]);
  }
  const root = document.contents;
  const entries = isMap(root) ? root.get("entries", true) : undefined;
  if (!isSeq(entries)) {
    return invalid("the vocabulary manifest has no 'entries:' list", root?.range?.[0]);
  }
  const read = new Map<string, VocabularyEntry>();
  for (const item of entries.items) {
    const entry = readEntry(item as Node, spanAt);
    if (typeof entry === "string") return invalid(entry, (item as Node).range?.[0]);
    if (read.has(entry.id)) {
      return invalid(`entry '${entry.id}' is declared twice`, (item as Node).range?.[0]);
    }
    read.set(entry.id, entry);
  }
  return { manifest: { path: source.path, entries: read }, diagnostics: [] };
}

function readEntry(node: Node, spanAt: (offset?: number) => Span): VocabularyEntry | string {
  const value: unknown = node.toJSON();
  if (!isRecord(value)) return "each entry is a mapping with 'id' and 'expansion'";
  const id = value.id;
  if (typeof id !== "string" || id === "") return "an entry has no 'id'";
  const expansion = value.expansion;
  const body = isRecord(expansion) ? expansion.body : undefined;
  if (typeof body !== "string") return `entry '${id}' has no 'expansion: body:' text`;
  const written = value.parameters ?? [];
  if (!Array.isArray(written)) return `the 'parameters' of entry '${id}' are not a list`;
  const parameters: VocabularyParameter[] = [];
  for (const parameter of written) {
    const read = readParameter(parameter, id);
    if (typeof read === "string") return read;
    parameters.push(read);
  }
  return { id, parameters, body, span: spanAt(node.range?.[0]) };
}

function readParameter(value: unknown, entry: string): VocabularyParameter | string {
  if (!isRecord(value) || typeof value.name !== "string") {
    return `a parameter of entry '${entry}' has no 'name'`;
  }
  const type = value.type;
  if (type === undefined) return `parameter '${value.name}' of entry '${entry}' has no 'type'`;
  if (typeof type !== "string" || !(parameterTypes as readonly string[]).includes(type)) {
    return `parameter '${value.name}' of entry '${entry}' has type '${String(type)}'; the ` +
      `types are ${parameterTypes.join(", ")}`;
  }
  const defaultValue = toTemplateValue(value.default);
  return { name: value.name, type: type as ParameterType, required: value.required !== false,
    ...(defaultValue !== undefined && defaultValue !== null ? { defaultValue } : {}) };
}

function toTemplateValue(value: unknown): TemplateValue | undefined {
  if (value === null || typeof value === "string" || typeof value === "number" ||
    typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    const items = value.map(toTemplateValue);
    return items.every((item) => item !== undefined) ? items as TemplateValue[] : undefined;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
