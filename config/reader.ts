/**
 * Typed reads of one TOML table, recording a Diagnostic (with the key's span) for every value of
 * the wrong type or out of range, and the span of every key the user wrote in `sources`. A read
 * returns `undefined` when the key is absent or invalid, so the caller falls back to the default
 * and keeps going: one run reports every mistake in the file.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { closestName } from "../diagnostics/render.ts";
import type { Span } from "../ir/span.ts";
import { configCode, type ConfigCode } from "./codes.ts";
import type { KeyLocations } from "./toml-key-locator.ts";

export type TomlTableValue = Readonly<Record<string, unknown>>;

export interface ConfigReader {
  readonly file: string;
  readonly locations: KeyLocations;
  readonly diagnostics: Diagnostic[];
  readonly sources: Record<string, Span>;
  /** Keys already reported: rules across keys skip them, so one mistake gives one error. */
  readonly invalidPaths: Set<string>;
}

export interface Section {
  readonly path: string;
  readonly values: TomlTableValue;
}

/** Span of a key; the file's first character when the key cannot be located (never expected). */
export function spanOf(reader: ConfigReader, path: string): Span {
  return reader.locations.get(path) ??
    { file: reader.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

export function report(
  reader: ConfigReader,
  path: string,
  code: ConfigCode,
  message: string,
  hint?: string,
): void {
  reader.invalidPaths.add(path);
  const diagnostic: Diagnostic = { ...configCode(code), message, span: spanOf(reader, path) };
  reader.diagnostics.push(hint === undefined ? diagnostic : { ...diagnostic, hint });
}

/** How a value looks in a message: strings quoted, tables and arrays named. */
/** True when `report` was called for any of the paths. */
export function anyInvalid(reader: ConfigReader, paths: readonly string[]): boolean {
  return paths.some((path) => reader.invalidPaths.has(path));
}

export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return "an array";
  if (value !== null && typeof value === "object") return "a table";
  return String(value);
}

export function tomlTypeName(value: unknown): string {
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  // Integers arrive as bigint (the parser is told to), so any number is a TOML float.
  if (typeof value === "bigint") return "an integer";
  if (typeof value === "number") return "a float";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a date";
  return value !== null && typeof value === "object" ? "a table" : "a value";
}

function reportWrongType(reader: ConfigReader, path: string, expected: string, value: unknown) {
  const actual = tomlTypeName(value);
  const shown = typeof value === "object" ? actual : `${actual} (${describeValue(value)})`;
  report(reader, path, "config/wrongType", `'${path}' must be ${expected}, but it is ${shown}`);
}

/** Look up a key; records its span in `sources` when present. */
function lookup(reader: ConfigReader, section: Section, key: string): [string, unknown] {
  const path = section.path === "" ? key : `${section.path}.${key}`;
  const value = section.values[key];
  if (value !== undefined) reader.sources[path] = spanOf(reader, path);
  return [path, value];
}

export function readBoolean(reader: ConfigReader, section: Section, key: string) {
  const [path, value] = lookup(reader, section, key);
  if (value === undefined || typeof value === "boolean") return value;
  reportWrongType(reader, path, "true or false", value);
  return undefined;
}

export function readInteger(
  reader: ConfigReader,
  section: Section,
  key: string,
  range: { readonly min: number; readonly max: number },
): number | undefined {
  const [path, value] = lookup(reader, section, key);
  if (value === undefined) return undefined;
  if (typeof value !== "bigint") {
    reportWrongType(reader, path, "an integer", value);
    return undefined;
  }
  if (value < BigInt(range.min) || value > BigInt(range.max)) {
    report(reader, path, "config/outOfRange",
      `'${path}' must be between ${range.min} and ${range.max}, but it is ${describeValue(value)}`);
    return undefined;
  }
  return Number(value);
}

/** A string checked against `pattern`; `expected` describes the format in the message. */
export function readString(
  reader: ConfigReader,
  section: Section,
  key: string,
  format?: { readonly pattern: RegExp; readonly expected: string },
): string | undefined {
  const [path, value] = lookup(reader, section, key);
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    reportWrongType(reader, path, "a string", value);
    return undefined;
  }
  if (format && !format.pattern.test(value)) {
    report(reader, path, "config/invalidValue",
      `'${path}' must be ${format.expected}, but it is ${describeValue(value)}`);
    return undefined;
  }
  return value;
}

export function readChoice<T extends string | number>(
  reader: ConfigReader,
  section: Section,
  key: string,
  choices: readonly T[],
): T | undefined {
  const [path, value] = lookup(reader, section, key);
  if (value === undefined) return undefined;
  const numeric = typeof choices[0] === "number";
  if (numeric ? typeof value !== "bigint" : typeof value !== "string") {
    reportWrongType(reader, path, numeric ? "an integer" : "a string", value);
    return undefined;
  }
  const candidate = (numeric ? Number(value) : value) as T;
  if (choices.includes(candidate)) return candidate;
  const guess = numeric ? undefined : closestName(String(value), choices.map(String));
  report(reader, path, "config/invalidValue",
    `'${path}' must be one of ${choices.join(", ")}, but it is ${describeValue(value)}`,
    guess ? `did you mean "${guess}"?` : undefined);
  return undefined;
}

/** A sub-table; a scalar where a table belongs is a type error. */
export function readSection(reader: ConfigReader, parent: Section, key: string): Section {
  const [path, value] = lookup(reader, parent, key);
  if (value === undefined) return { path, values: {} };
  if (value === null || typeof value !== "object" || Array.isArray(value) ||
    value instanceof Date) {
    reportWrongType(reader, path, `a table ([${path}])`, value);
    return { path, values: {} };
  }
  return { path, values: value as TomlTableValue };
}
