/**
 * Checks of the code itself rather than of what it does, in the spirit of TigerBeetle's tidy
 * test: each rule is a pure function over the repository's text files, so `tidy.test.ts` runs
 * them on the tree and `tidy-catches.test.ts` shows each one catching a scratch violation.
 *
 * A file that breaks a rule on purpose is named in `exceptions` below with the reason, and an
 * exception that is no longer needed is itself reported, so the list only ever shrinks.
 */
import { dirname, join, normalize } from "node:path";

export interface SourceFile {
  /** Relative to the repository root, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export type RuleName = "line-length" | "absolute-path" | "imports-tests" | "boundary"
  | "public-module" | "unused-export" | "export-used-only-by-tests" | "missing-file"
  | "stale-exception";

export interface Violation {
  readonly rule: RuleName;
  readonly path: string;
  /** 1-based; 0 when the violation is about the whole file. */
  readonly line: number;
  readonly message: string;
}

const columnsMax = 100;

interface Exception {
  /** A file, or a folder ending in `/`. */
  readonly path: string;
  readonly rule: RuleName;
  readonly reason: string;
}

/** Files allowed to break one rule, and why. */
const exceptions: readonly Exception[] = [
  { path: "generate/infra-sources.generated.ts", rule: "line-length",
    reason: "generated: the sources as strings" },
  { path: "tests/preflight/schemas/", rule: "line-length",
    reason: "vendored JSON schema, kept byte for byte" },
  { path: "package.json", rule: "line-length", reason: "written by npm" },
  { path: "docs/troubleshooting.md", rule: "line-length",
    reason: "shows `tigerbeetle status`'s table as the command prints it" },
  ...["cli/codes.ts", "preflight/codes.ts"].map((path): Exception => ({ path, rule: "unused-export",
    reason: "tests/pipeline/codes-documented.test.ts imports the code " +
      "registries by a computed path" })
  ),
];

function excuses(key: string, path: string): boolean {
  return key.endsWith("/") ? path.startsWith(key) : path === key;
}

/** The violations no exception excuses. */
export function unexcused(violations: readonly Violation[]): Violation[] {
  return violations.filter((violation) =>
    !exceptions.some((exception) =>
      exception.rule === violation.rule && excuses(exception.path, violation.path)
    )
  );
}

const codeExtension = /\.(ts|js|mjs|cjs|sh|json|toml|yml|yaml|dsl|c|h)$/;
const markdown = /\.md$/;

function lines(file: SourceFile): string[] {
  return file.text.split("\n");
}

/** Lines over 100 columns in code; in Markdown, prose only (tables and links may run long). */
export function checkLineLength(files: readonly SourceFile[]): Violation[] {
  const found: Violation[] = [];
  for (const file of files) {
    const isMarkdown = markdown.test(file.path);
    if (!isMarkdown && !codeExtension.test(file.path)) continue;
    let fenced = false;
    lines(file).forEach((line, index) => {
      if (isMarkdown && /^\s*```/.test(line)) fenced = !fenced;
      const columns = [...line].length;
      if (columns <= columnsMax) return;
      if (isMarkdown && !fenced && (/^\s*\|/.test(line) || /\]\(|https?:\/\//.test(line))) return;
      found.push({ rule: "line-length", path: file.path, line: index + 1,
        message: `${columns} columns (at most ${columnsMax})` });
    });
  }
  return found;
}

/** Paths of one machine (a home folder, this workspace) that mean nothing on another. */
const machinePath = /(?<![\w.~$}-])\/(?:work|home|Users|root)\/[\w.-]+/;

export function checkAbsolutePaths(files: readonly SourceFile[]): Violation[] {
  const found: Violation[] = [];
  for (const file of files) {
    lines(file).forEach((line, index) => {
      const match = machinePath.exec(line);
      if (match) {
        found.push({ rule: "absolute-path", path: file.path, line: index + 1,
          message: `a path of one machine: ${match[0]}` });
      }
    });
  }
  return found;
}

interface ImportStatement {
  readonly line: number;
  /** As written. */
  readonly specifier: string;
  /** Repository path of the imported file; undefined for a library (npm, node:, bun:). */
  readonly target: string | undefined;
  /** Names imported; "*" for a namespace, a re-export of everything or a dynamic import. */
  readonly names: readonly string[];
  readonly reexport: boolean;
}

const importPattern = new RegExp(String.raw`(?:^|[;\s])(import|export)\s+(type\s+)?` +
  String.raw`(?:([\w$]+\s*,?\s*)?(\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?)?\s*from\s+)?` +
  String.raw`["']([^"'\n]+)["']`, "g");
const dynamicImportPattern = /\bimport\(\s*["']([^"'\n]+)["']\s*\)/g;

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (text.charCodeAt(index) === 10) line++;
  return line;
}

function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  return normalize(join(dirname(from), specifier)).replace(/\\/g, "/");
}

function importedNames(defaultName: string | undefined, braces: string | undefined): string[] {
  if (braces === undefined) return defaultName ? ["default"] : [];
  if (braces.startsWith("*")) return ["*"];
  const names = braces.slice(1, -1).split(",").map((part) => part.trim()).filter(Boolean)
    .map((part) => part.replace(/^type\s+/, "").split(/\s+as\s+/)[0]!.trim());
  return defaultName ? ["default", ...names] : names;
}

/** Every static and dynamic import or re-export in a TypeScript file (outside strings). */
function importsOf(file: SourceFile): ImportStatement[] {
  const found: ImportStatement[] = [];
  const code = stripStringsAndComments(file.text);
  for (const match of code.matchAll(importPattern)) {
    const isExport = match[1] === "export";
    if (isExport && match[4] === undefined) continue; // `export const x = "..."`
    const specifier = match[5]!;
    found.push({ line: lineAt(code, match.index + match[0].indexOf(match[1]!)), specifier,
      target: resolveSpecifier(file.path, specifier),
      names: importedNames(match[3]?.replace(/,/, "").trim() || undefined, match[4]?.trim()),
      reexport: isExport });
  }
  for (const match of code.matchAll(dynamicImportPattern)) {
    found.push({ line: lineAt(code, match.index), specifier: match[1]!,
      target: resolveSpecifier(file.path, match[1]!), names: ["*"], reexport: false });
  }
  return found;
}

type SegmentKind = "code" | "comment" | "string" | "specifier";

/**
 * The text cut into code, comments, string literals (template literal text included, their
 * `${}` parts being code again), regular expression literals and import specifiers.
 */
function segments(text: string): { kind: SegmentKind; text: string }[] {
  const found: { kind: SegmentKind; text: string }[] = [];
  let index = 0;
  let codeStart = 0;
  /** One entry per open `${`: the brace depth of the code inside it. */
  const templates: number[] = [];
  let depth = 0;
  const push = (kind: SegmentKind, stop: number) => {
    if (codeStart < index) found.push({ kind: "code", text: text.slice(codeStart, index) });
    found.push({ kind, text: text.slice(index, stop) });
    index = stop;
    codeStart = stop;
  };
  /** From a backtick or a `}` closing `${`: to the next backtick (end) or `${` (code again). */
  const templateText = () => {
    let end = index + 1;
    while (end < text.length && text[end] !== "`" && text.slice(end, end + 2) !== "${") {
      end += text[end] === "\\" ? 2 : 1;
    }
    if (text.slice(end, end + 2) === "${") {
      push("string", end + 2);
      templates.push(depth);
      depth = 0;
    } else {
      push("string", Math.min(text.length, end + 1));
    }
  };
  while (index < text.length) {
    const pair = text.slice(index, index + 2);
    const character = text[index]!;
    if (pair === "//") {
      const end = text.indexOf("\n", index);
      push("comment", end === -1 ? text.length : end);
    } else if (pair === "/*") {
      const end = text.indexOf("*/", index + 2);
      push("comment", end === -1 ? text.length : end + 2);
    } else if (character === "/" && startsRegex(text, index)) {
      push("string", regexEnd(text, index));
    } else if (character === "\"" || character === "'") {
      let end = index + 1;
      while (end < text.length && text[end] !== character && text[end] !== "\n") {
        end += text[end] === "\\" ? 2 : 1;
      }
      const before = text.slice(Math.max(0, index - 12), index);
      const isSpecifier = /(?:\bfrom|\bimport\(?|^\s*import)\s*$/.test(before);
      push(isSpecifier ? "specifier" : "string", Math.min(text.length, end + 1));
    } else if (character === "`") {
      templateText();
    } else if (character === "{") {
      depth++;
      index++;
    } else if (character === "}" && depth === 0 && templates.length > 0) {
      depth = templates.pop()!;
      templateText();
    } else {
      if (character === "}") depth--;
      index++;
    }
  }
  if (codeStart < text.length) found.push({ kind: "code", text: text.slice(codeStart) });
  return found;
}

/** A `/` starts a regular expression where an operand is expected, not after one. */
function startsRegex(text: string, index: number): boolean {
  let before = index - 1;
  while (before >= 0 && /\s/.test(text[before]!)) before--;
  if (before < 0) return true;
  if (/[(,=:[!&|?{};+\-*%<>~^]/.test(text[before]!)) return true;
  return /\b(?:return|typeof|case|in|of|void|throw)$/.test(
    text.slice(Math.max(0, before - 6), before + 1),
  );
}

function regexEnd(text: string, index: number): number {
  let end = index + 1;
  let inClass = false;
  while (end < text.length && text[end] !== "\n") {
    const character = text[end];
    if (character === "\\") {
      end += 2;
      continue;
    }
    if (character === "[") inClass = true;
    else if (character === "]") inClass = false;
    else if (character === "/" && !inClass) break;
    end++;
  }
  return Math.min(text.length, end + 1);
}

const blank = (segment: string) => segment.replace(/[^\n]/g, " ");

/**
 * The text with only the segments of the given kinds kept: the others are blanked (same length,
 * newlines kept), so offsets and line numbers stay those of the file.
 */
function keepOnly(text: string, kinds: readonly SegmentKind[]): string {
  return segments(text).map((segment) =>
    kinds.includes(segment.kind) ?
      segment.text
      : segment.kind === "string" ?
      segment.text[0] + blank(segment.text.slice(1, -1)) +
      (segment.text.length > 1 ? segment.text.at(-1) : "")
      : blank(segment.text)
  ).join("");
}

/**
 * Code and import specifiers only, so that code shown in strings (the generated infra/ app's
 * sources) or in comments is not read as this file's own imports or exports.
 */
function stripStringsAndComments(text: string): string {
  return keepOnly(text, ["code", "specifier"]);
}

function topFolder(path: string): string {
  return path.includes("/") ? path.slice(0, path.indexOf("/")) : "";
}

const isTypeScript = (path: string) => path.endsWith(".ts");
const isTestCode = (path: string) => path.startsWith("tests/");
/** Helpers shared by tests and benchmarks; never part of the product. */
const isTestingHelper = (path: string) => path.startsWith("testing/");

/** Folders copied verbatim into the generated infra/ app, and the agent: see the rule below. */
const selfContained: Readonly<Record<string, readonly string[]>> = {
  stacks: ["stacks", "ir"],
  ir: ["ir"],
  agent: ["agent", "ir"],
};

/**
 * - production code never imports tests/ or testing/; bench/ and testing/ never import tests/
 *   (helpers both need live in testing/);
 * - stacks/, ir/ (copied into every generated infra/ app) and agent/ import only ir/, each other
 *   as listed above, and libraries;
 * - from outside a stage folder that has a public module (`index.ts`), only that module is
 *   imported.
 */
export function checkImports(files: readonly SourceFile[]): Violation[] {
  const found: Violation[] = [];
  const publicModules = new Set(files.map((file) => file.path)
    .filter((path) => /^[\w-]+\/index\.ts$/.test(path)).map(topFolder));
  for (const file of files.filter((candidate) => isTypeScript(candidate.path))) {
    const folder = topFolder(file.path);
    for (const statement of importsOf(file)) {
      const target = statement.target;
      if (target === undefined) continue;
      const targetFolder = topFolder(target);
      const at = { path: file.path, line: statement.line };
      const product = !isTestCode(file.path) && !isTestingHelper(file.path) && folder !== "bench";
      // The repository's own tools (build, release, test command) may reach into a stage.
      const tool = folder === "scripts";
      if (!isTestCode(file.path) && isTestCode(target) ||
        product && isTestingHelper(target)) {
        found.push({ ...at, rule: "imports-tests",
          message: `${product ? "production" : `${folder}/`} code imports test code: ` +
            statement.specifier });
      }
      const allowed = selfContained[folder];
      if (allowed && !allowed.includes(targetFolder)) {
        found.push({ ...at, rule: "boundary", message: `${folder}/ may import only ` +
          `${allowed.map((name) => `${name}/`).join(", ")} and libraries: ` +
          statement.specifier });
      }
      if (product && !tool && folder !== targetFolder &&
        publicModules.has(targetFolder) &&
        target !== `${targetFolder}/index.ts`) {
        found.push({ ...at, rule: "public-module", message: `${statement.specifier} skips ` +
          `${targetFolder}/index.ts, the public module of ${targetFolder}/` });
      }
    }
  }
  return found;
}

interface ExportedName {
  readonly name: string;
  readonly line: number;
  /** An interface or type alias (`export { type X }` included). */
  readonly isType: boolean;
}

const exportDeclaration = new RegExp(String.raw`^export\s+(?:declare\s+)?(?:default\s+)?` +
  String.raw`(?:async\s+)?(?:abstract\s+)?(function\*?|const|let|var|class|interface|type|enum|` +
  String.raw`namespace)\s+([\w$]+)`);

/** Names a module exports by declaration or by `export { a, b as c }` (not re-exports). */
function exportsOf(file: SourceFile): ExportedName[] {
  const found: ExportedName[] = [];
  const code = stripStringsAndComments(file.text);
  code.split("\n").forEach((line, index) => {
    const declared = exportDeclaration.exec(line);
    if (declared) {
      found.push({ name: declared[2]!, line: index + 1,
        isType: declared[1] === "interface" || declared[1] === "type" });
    }
    const list = /^export\s+(type\s+)?\{([^}]*)\}\s*;?\s*$/.exec(line);
    if (list) {
      for (const part of list[2]!.split(",").map((entry) => entry.trim()).filter(Boolean)) {
        const alias = part.replace(/^type\s+/, "").split(/\s+as\s+/);
        found.push({ name: (alias[1] ?? alias[0]!).trim(), line: index + 1,
          isType: list[1] !== undefined || part.startsWith("type ") });
      }
    }
  });
  return found;
}

/**
 * Files whose exports are used by something other than an import in this repository: the
 * binary's entry, scripts run by path, the generated infra/ app (its `bin/app.ts` imports
 * `buildStacks`), bun's test files.
 */
function isEntryPoint(path: string): boolean {
  return path === "main.ts" || path.startsWith("scripts/") && !path.startsWith("scripts/test/") ||
    path.endsWith(".test.ts") || path === "eslint.config.js" || path.startsWith("bench/");
}

/**
 * Exports no other file imports (drop the `export`, or the code), and production code that only
 * tests import and its own module never uses: the product never runs it. A constant or helper
 * the module uses and its tests import (to check the same limit) is fine.
 */
export function checkExports(files: readonly SourceFile[],
  generatedAppUses: ReadonlySet<string>): Violation[] {
  const typescript = files.filter((file) => isTypeScript(file.path));
  const users = new Map<string, Set<string>>(); // "path#name" → importing files
  const wholeModuleUsers = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, user: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(user);
    map.set(key, set);
  };
  const reexports: [string, string, string][] = []; // [reexporting file, target, name]
  for (const file of typescript) {
    for (const statement of importsOf(file)) {
      if (statement.target === undefined) continue;
      for (const name of statement.names) {
        if (name === "*") add(wholeModuleUsers, statement.target, file.path);
        else add(users, `${statement.target}#${name}`, file.path);
        if (statement.reexport && name !== "*") reexports.push([file.path, statement.target, name]);
      }
    }
  }
  // A name re-exported by a module is used wherever that module's name is used.
  for (const [reexporter, target, name] of reexports) {
    for (const user of users.get(`${reexporter}#${name}`) ?? []) {
      add(users, `${target}#${name}`, user);
    }
  }
  const found: Violation[] = [];
  for (const file of typescript) {
    if (isEntryPoint(file.path) || wholeModuleUsers.has(file.path)) continue;
    const code = stripStringsAndComments(file.text);
    const usedInModule = (name: string) =>
      (code.match(new RegExp(`(?<![\\w$])(?<!(?<!\\.\\.)\\.)${name.replace(/\$/g, "\\$")}` +
        "(?![\\w$])", "g")) ?? [])
        .length > 1;
    // A type describing an exported function's parameters or result belongs to that function's
    // interface even when no file names it, so only values are checked.
    for (const exported of exportsOf(file).filter((candidate) => !candidate.isType)) {
      if (generatedAppUses.has(`${file.path}#${exported.name}`)) continue;
      const importers = [...users.get(`${file.path}#${exported.name}`) ?? []]
        .filter((user) => user !== file.path);
      const at = { path: file.path, line: exported.line };
      if (importers.length === 0) {
        found.push({ ...at, rule: "unused-export",
          message: `${exported.name} is exported but no file imports it` });
      } else if (!isTestCode(file.path) && !isTestingHelper(file.path) &&
        importers.every(isTestCode) && !usedInModule(exported.name)) {
        found.push({ ...at, rule: "export-used-only-by-tests",
          message: `${exported.name} is production code only tests use (${importers[0]}): ` +
            "the product never runs it" });
      }
    }
  }
  return found;
}

/**
 * `stacks/` and `ir/` names the generated infra/ app imports: its sources are templates in
 * generate/, so these imports are inside strings, which `importsOf` rightly skips.
 */
export function generatedAppImports(files: readonly SourceFile[]): Set<string> {
  const used = new Set<string>();
  const pattern = new RegExp(String.raw`import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+\\?"` +
    String.raw`(?:\.\.\/lib\/|\.\/)((?:stacks|ir)\/[^"\\]+)\\?"`, "g");
  for (const file of files.filter((candidate) => candidate.path.startsWith("generate/"))) {
    for (const match of file.text.matchAll(pattern)) {
      for (const name of importedNames(undefined, `{${match[1]}}`)) used.add(`${match[2]}#${name}`);
    }
  }
  return used;
}

/** Folders and files that references may name although they are not in this repository. */
/**
 * Other trees: the generated app, a user's project (`proj/` in examples; `dazzle/`, the
 * framework's folder in it, holds the vocabulary), packages, outputs.
 */
const elsewhere = new RegExp(
  String.raw`^(?:infra|lib|bin|dsl|proj|dazzle|cdk\.out|node_modules|dist|` +
    String.raw`\.test-results|\.dazzle|\.github|web-tree-sitter|custom-resource-handlers)/`,
);

const fileReference = new RegExp(String.raw`(?<![\w.\/@:~$-])((?:\.\.?\/)*(?:[\w.-]+\/)+[\w.-]+` +
  String.raw`\.(?:ts|md|json|sh|js|toml|dsl|wasm|yml))(?![\w\/-])`, "g");

/**
 * Paths of files in this repository named in docs, comments, help texts and messages: each must
 * exist, relative to the naming file's folder or to the repository root.
 */
export function checkFileReferences(files: readonly SourceFile[],
  exists: (path: string) => boolean): Violation[] {
  const found: Violation[] = [];
  for (const file of files) {
    const readable = referenceText(file);
    if (readable === undefined) continue;
    readable.split("\n").forEach((line, index) => {
      for (const match of line.matchAll(fileReference)) {
        const reference = match[1]!;
        if (elsewhere.test(reference) || reference.includes("${")) continue;
        const relative = resolveSpecifier(file.path, reference.startsWith(".") ?
          reference :
          `./${reference}`)!;
        if (exists(relative) || exists(normalize(reference))) continue;
        found.push({ rule: "missing-file", path: file.path, line: index + 1,
          message: `names a file that is not in the repository: ${reference}` });
      }
    });
  }
  return found;
}

/**
 * Where a file names other files for a reader: all of a Markdown page or a shell script; the
 * comments of TypeScript, and in cli/ also its strings (help texts, messages). Test data in
 * tests' strings is not a reference.
 */
function referenceText(file: SourceFile): string | undefined {
  if (markdown.test(file.path) || file.path.endsWith(".sh")) return file.text;
  if (!isTypeScript(file.path)) return undefined;
  return keepOnly(file.text, file.path.startsWith("cli/") ? ["comment", "string"] : ["comment"]);
}

/** Every exception must still excuse something, or it goes: given all violations, unfiltered. */
export function staleExceptions(violations: readonly Violation[]): Violation[] {
  return exceptions
    .filter((exception) =>
      !violations.some((violation) =>
        violation.rule === exception.rule && excuses(exception.path, violation.path)
      )
    )
    .map((exception) => ({ rule: "stale-exception", path: "tests/tidy/tidy.ts", line: 0,
      message: `the ${exception.rule} exception for ${exception.path} excuses nothing any ` +
        "more: remove it" })
    );
}
