/**
 * dazzle.toml is the Dazzle framework's file: `[deploy.*]` is the deploy tool's part (read
 * strictly, see schema.ts); the framework's other sections are accepted as they are. Of those,
 * two are read here: `[project] name` names the app when the DSL declares none, and
 * `[modules] paths` says where the DSL is. A top-level section that is not the framework's but
 * is close to one of its names is most likely a typo: a warning says which was meant (an
 * error when it is close to `deploy`, whose settings would otherwise be silently lost).
 */
import { closestName } from "../diagnostics/render.ts";
import type { ProjectSettings } from "../ir/deploy-config.ts";
import { readSection, readString, report, spanOf, tomlTypeName, type ConfigReader,
  type Section } from "./reader.ts";
import { checkUnknownKeys } from "./schema.ts";

/**
 * The sections of the original framework's dazzle.toml (its manifest loader, `load_manifest`,
 * plus `[llm]`, which its example projects use). Accepted and not interpreted, apart from
 * `[project]` and `[modules]`.
 */
export const frameworkSections: readonly string[] = [
  "project",
  "modules",
  "infra",
  "stack",
  "shell",
  "theme",
  "auth",
  "urls",
  "database",
  "dev",
  "tenant",
  "i18n",
  "notifications",
  "ui",
  "extensions",
  "environments",
  "storage",
  "llm",
];

/** The deploy tool's own section: every key below it is checked (schema.ts). */
const deploySection = "deploy";

/** Where the DSL is when `[modules] paths` is absent (the framework's default, `./dsl`). */
export const defaultDslFolders: readonly string[] = ["dsl"];

/** Most folders `[modules] paths` may list. */
const dslFoldersMax = 64;

/** Check the top level: `[deploy]` strictly, framework sections as they are, typos warned. */
export function checkTopLevel(reader: ConfigReader, document: Readonly<Record<string, unknown>>) {
  for (const [key, value] of Object.entries(document)) {
    if (key === deploySection) {
      if (isTable(value)) checkUnknownKeys(reader, deploySection, value);
      continue;
    }
    if (frameworkSections.includes(key)) continue;
    // Short names are close to many others: `db` is not a typo of `dev`.
    const guess = closestName(key, [deploySection, ...frameworkSections], key.length < 4 ? 1 : 2);
    if (guess === deploySection) {
      report(reader, key, "config/unknownKey", `unknown key '${key}' in the top level`,
        `did you mean '${deploySection}'?`);
    } else if (guess !== undefined) {
      report(reader, key, "config/unknownSection",
        `'${key}' is not a section of dazzle.toml; it is kept but nothing reads it`,
        `did you mean '${guess}'?`);
    }
  }
}

/** `[project] name` and `[modules] paths`, valid parts only (mistakes are reported). */
export function readProjectSettings(reader: ConfigReader, root: Section): ProjectSettings {
  const project = readSection(reader, root, "project");
  const name = readString(reader, project, "name", {
    pattern: /\S/,
    expected: "a non-empty name",
  });
  const modules = readSection(reader, root, "modules");
  const dslFolders = readDslFolders(reader, modules);
  return { ...(name !== undefined ? { name } : {}), dslFolders };
}

function readDslFolders(reader: ConfigReader, modules: Section): readonly string[] {
  const path = `${modules.path}.paths`;
  const value = modules.values["paths"];
  if (value === undefined) return defaultDslFolders;
  reader.sources[path] = spanOf(reader, path);
  if (!Array.isArray(value) || value.length === 0 || value.length > dslFoldersMax ||
    !value.every((item) => typeof item === "string")) {
    report(reader, path, "config/wrongType", `'${path}' must be a list of 1 to ${dslFoldersMax} ` +
      `folder names, but it is ${Array.isArray(value) ? describeList(value) : tomlTypeName(value)}`,
      "for example: paths = [\"./dsl\"]");
    return defaultDslFolders;
  }
  const folders: string[] = [];
  for (const item of value as string[]) {
    const folder = normalizeFolder(item);
    if (folder === undefined) {
      report(reader, path, "config/invalidValue", `'${path}' lists ${JSON.stringify(item)}; ` +
        "each entry must be a folder relative to the project folder",
        "for example: paths = [\"./dsl\"]");
      return defaultDslFolders;
    }
    if (!folders.includes(folder)) folders.push(folder);
  }
  return folders;
}

/** `./dsl/` → `dsl`; `.` stays `.`; absolute, empty or backslashed paths are refused. */
function normalizeFolder(text: string): string | undefined {
  if (text.trim() === "" || text.startsWith("/") || text.includes("\\") ||
    text.includes("\0")) {
    return undefined;
  }
  const parts: string[] = [];
  for (const part of text.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else parts.push(part);
  }
  return parts.length === 0 ? "." : parts.join("/");
}

function describeList(items: readonly unknown[]): string {
  if (items.length === 0) return "an empty array";
  const other = items.find((item) => typeof item !== "string");
  return other === undefined ?
    `an array of ${items.length} entries`
    : `an array holding ${tomlTypeName(other)}`;
}

function isTable(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === "object" && !Array.isArray(value) &&
    !(value instanceof Date);
}
