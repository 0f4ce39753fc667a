/**
 * `@use entry(param=value, ...)` lines of a `.dsl` file: where each is, and its arguments read
 * the way the original's expander reads them (`true`/`yes` and `false`/`no` are booleans, a
 * quoted text is a string, `[a, b]` a list, digits a number, anything else a plain string).
 * A directive stands on lines of its own; its parentheses may span several lines.
 */
import type { TemplateValue } from "./template.ts";

export interface UseDirective {
  readonly entry: string;
  readonly arguments: ReadonlyMap<string, TemplateValue>;
  /** 0-based first and last line of the directive in its file. */
  readonly firstLine: number;
  readonly lastLine: number;
  /** 1-based columns of the `@` and just past the `)`, on the first and last line. */
  readonly column: number;
  readonly endColumn: number;
  /** The directive's indentation, given to every line it expands to. */
  readonly indentation: string;
}

export interface MalformedDirective {
  readonly problem: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
}

export type Directive = UseDirective | MalformedDirective;

export function isMalformed(directive: Directive): directive is MalformedDirective {
  return "problem" in directive;
}

/** A line that starts (after indentation) with `@use`: what the original would expand. */
const useLinePattern = /^([ \t]*)@use(?![A-Za-z0-9_])/;

/** Quick test, so a file without vocabulary costs one scan. */
export function mentionsUse(text: string): boolean {
  return /^[ \t]*@use(?![A-Za-z0-9_])/m.test(text);
}

/** Every `@use` directive of the file, in order. */
export function findDirectives(lines: readonly string[]): Directive[] {
  const found: Directive[] = [];
  for (let line = 0; line < lines.length; line++) {
    const start = useLinePattern.exec(lines[line]!);
    if (!start) continue;
    const directive = readDirective(lines, line, start[1]!);
    found.push(directive);
    if (!isMalformed(directive)) line = directive.lastLine;
  }
  return found;
}

const usage = "write it as @use entry_name(param=value, ...)";

function readDirective(lines: readonly string[], first: number, indentation: string): Directive {
  const text = lines[first]!;
  const column = indentation.length + 1;
  const malformed = (problem: string): MalformedDirective => ({ problem: `${problem}; ${usage}`,
    line: first, column, endColumn: text.trimEnd().length + 1 });
  const head = /^@use\s+([A-Za-z0-9_]+)\s*\(/.exec(text.slice(indentation.length));
  if (!head) return malformed("'@use' is not followed by an entry name and '('");
  // From the '(' on, across lines, to its matching ')'.
  const nesting = new Nesting();
  let inner = "";
  for (let line = first, at = indentation.length + head[0].length - 1; line < lines.length;
    line++, at = 0) {
    const current = lines[line]!;
    for (; at < current.length; at++) {
      const c = current[at]!;
      nesting.take(c);
      if (nesting.depth === 0) {
        const after = current.slice(at + 1).trim();
        if (after !== "" && !after.startsWith("#")) {
          return { problem: `text after the directive's ')': '${after}'; a directive stands ` +
            "on lines of its own", line, column: at + 2, endColumn: current.trimEnd().length + 1 };
        }
        const parsed = parseArguments(inner.slice(1));
        if (typeof parsed === "string") return malformed(parsed);
        return { entry: head[1]!, arguments: parsed, firstLine: first, lastLine: line, column,
          endColumn: at + 2, indentation };
      }
      inner += c;
    }
    inner += "\n";
  }
  return malformed("its '(' is never closed");
}

/** `a=1, b="x, y", c=[p, q]` → arguments; a problem as a sentence. */
function parseArguments(text: string): ReadonlyMap<string, TemplateValue> | string {
  const values = new Map<string, TemplateValue>();
  for (const part of splitTopLevel(text)) {
    if (part.trim() === "") continue;
    const equals = part.indexOf("=");
    if (equals === -1) return `argument '${part.trim()}' is not name=value`;
    const name = part.slice(0, equals).trim();
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) return `'${name}' is not a parameter name`;
    if (values.has(name)) return `parameter '${name}' is given twice`;
    values.set(name, parseValue(part.slice(equals + 1)));
  }
  return values;
}

/** Splits at commas outside quotes and brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  const nesting = new Nesting();
  let current = "";
  for (const c of text) {
    if (nesting.take(c) && c === "," && nesting.depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}

/** Quotes and bracket depth over a run of characters, as both scans above read them. */
class Nesting {
  depth = 0;
  private quote: string | undefined;

  /** Takes one character; true when it is plain text (not quoted, not a quote or bracket). */
  take(c: string): boolean {
    if (this.quote !== undefined) {
      if (c === this.quote) this.quote = undefined;
      return false;
    }
    if (c === "\"" || c === "'") this.quote = c;
    else if (c === "(" || c === "[") this.depth += 1;
    else if (c === ")" || c === "]") this.depth -= 1;
    else return true;
    return false;
  }
}

function parseValue(written: string): TemplateValue {
  const value = written.trim();
  const lower = value.toLowerCase();
  if (lower === "true" || lower === "yes") return true;
  if (lower === "false" || lower === "no") return false;
  const quoted = /^"(.*)"$|^'(.*)'$/s.exec(value);
  if (quoted) return quoted[1] ?? quoted[2]!;
  if (value.startsWith("[") && value.endsWith("]")) {
    const items = value.slice(1, -1).trim();
    // The original splits a list at every comma (quotes or not).
    return items === "" ? [] : items.split(",").map(parseValue);
  }
  if (/^-?\d+$/.test(value)) return Number(value);
  if (/^-?\d*\.\d+$|^-?\d+\.\d*$/.test(value)) return Number(value);
  return value;
}
