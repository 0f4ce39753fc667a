/**
 * The part of Jinja that vocabulary templates use, rendered the way the original's expander
 * renders it (Jinja with `trim_blocks`, `lstrip_blocks`, `StrictUndefined`, no autoescape):
 *
 * - `{{ name }}`, `{{ name | lower }}` (filters `lower`, `upper`, `title`, `capitalize`, `trim`,
 *   `default("…")`), and a quoted string in place of the name;
 * - `{% if c %}…{% elif c %}…{% else %}…{% endif %}`, where `c` is `name`, `not name` or
 *   `name == literal` / `name != literal`;
 * - `{# comments #}`, and `-` for whitespace control on any tag.
 *
 * Anything else is refused with what it was, never guessed at: a template the deploy tool
 * renders differently from the framework would deploy a different application.
 * Pure: template text and values in, text or a problem out.
 */

/** A parameter's value, as the original's expander holds it (Python `str`, `int`, ...). */
export type TemplateValue = string | number | boolean | null | readonly TemplateValue[];

export type RenderResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problem: string };

type Node =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "output"; readonly expression: string }
  | { readonly kind: "if"; readonly branches: readonly Branch[]; readonly otherwise: Node[] };

interface Branch {
  readonly condition: string;
  readonly body: Node[];
}

/** A token of the template: text, or a tag with its inner text and kind. */
type Token =
  | { readonly kind: "text"; text: string }
  | { readonly kind: "output" | "statement" | "comment"; readonly inner: string;
    readonly source: string };

class TemplateProblem extends Error {}

export function renderTemplate(
  template: string,
  values: ReadonlyMap<string, TemplateValue>,
): RenderResult {
  try {
    const nodes = parse(tokenize(template));
    const text = renderNodes(nodes, values);
    // Jinja drops one trailing newline (keep_trailing_newline is off).
    return { ok: true, text: text.endsWith("\n") ? text.slice(0, -1) : text };
  } catch (error) {
    if (error instanceof TemplateProblem) return { ok: false, problem: error.message };
    throw error;
  }
}

const tagPattern = /\{(\{|%|#)(-?)([\s\S]*?)(-?)(\}|%|#)\}/g;
const closing: Readonly<Record<string, string>> = { "{": "}", "%": "%", "#": "#" };

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  let trimNextNewline = false;
  let stripNextWhitespace = false;
  for (const match of template.matchAll(tagPattern)) {
    const [source, open, leftDash, inner, rightDash, close] = match;
    if (closing[open!] !== close) {
      throw new TemplateProblem(`'${source}' opens with '{${open}' but closes with '${close}}'`);
    }
    const isBlock = open !== "{";
    const raw = template.slice(at, match.index);
    let text = raw;
    if (stripNextWhitespace) text = text.replace(/^\s+/, "");
    else if (trimNextNewline) text = text.replace(/^\r?\n/, "");
    if (leftDash === "-") text = text.replace(/\s+$/, "");
    else if (isBlock && startsItsLine(template, at, raw)) {
      // lstrip_blocks: spaces and tabs between a line's start and a block tag go.
      text = text.replace(/[ \t]+$/, "");
    }
    tokens.push({ kind: "text", text });
    tokens.push({ kind: open === "{" ? "output" : open === "%" ? "statement" : "comment",
      inner: inner!.trim(), source: source! });
    // trim_blocks: the first newline after a block tag goes (not after `{{ }}`).
    trimNextNewline = isBlock;
    stripNextWhitespace = rightDash === "-";
    at = match.index + source!.length;
  }
  let rest = template.slice(at);
  if (stripNextWhitespace) rest = rest.replace(/^\s+/, "");
  else if (trimNextNewline) rest = rest.replace(/^\r?\n/, "");
  if (/\{[{%#]/.test(rest)) {
    throw new TemplateProblem(`a tag is never closed: '${
      rest.slice(rest.search(/\{[{%#]/))
        .split("\n")[0]
    }'`);
  }
  tokens.push({ kind: "text", text: rest });
  return tokens;
}

/** Whether only spaces and tabs stand between the tag after `raw` and the start of its line. */
function startsItsLine(template: string, at: number, raw: string): boolean {
  const lastLine = raw.slice(raw.lastIndexOf("\n") + 1);
  return /^[ \t]*$/.test(lastLine) && (raw.includes("\n") || at === 0 || template[at - 1] === "\n");
}

/** Nests `if` blocks; every statement other than if/elif/else/endif is refused. */
function parse(tokens: readonly Token[]): Node[] {
  let at = 0;
  const block = (ends: readonly string[]): { nodes: Node[]; end: string } => {
    const nodes: Node[] = [];
    while (at < tokens.length) {
      const token = tokens[at++]!;
      if (token.kind === "text") {
        if (token.text !== "") nodes.push({ kind: "text", text: token.text });
        continue;
      }
      if (token.kind === "comment") continue;
      if (token.kind === "output") {
        nodes.push({ kind: "output", expression: token.inner });
        continue;
      }
      const word = token.inner.split(/\s+/)[0]!;
      if (ends.includes(word)) {
        at -= 1;
        return { nodes, end: word };
      }
      if (word !== "if") {
        throw new TemplateProblem(`'${token.source}' is a Jinja statement the deploy tool does ` +
          "not render (it renders {% if %}, {% elif %}, {% else %} and {% endif %})");
      }
      nodes.push(parseIf(token.inner.slice(2).trim()));
    }
    if (ends.length > 0) throw new TemplateProblem(`'{% ${ends.join(" / ")} %}' is missing`);
    return { nodes, end: "" };
  };
  const parseIf = (firstCondition: string): Node => {
    const branches: Branch[] = [];
    let condition = firstCondition;
    for (;;) {
      const { nodes, end } = block(["elif", "else", "endif"]);
      branches.push({ condition, body: nodes });
      const tag = tokens[at++] as { inner: string };
      if (end === "elif") condition = tag.inner.slice(4).trim();
      else if (end === "endif") return { kind: "if", branches, otherwise: [] };
      else {
        const otherwise = block(["endif"]).nodes;
        at += 1;
        return { kind: "if", branches, otherwise };
      }
    }
  };
  return block([]).nodes;
}

function renderNodes(nodes: readonly Node[], values: ReadonlyMap<string, TemplateValue>): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "output") out += pythonStr(evaluateOutput(node.expression, values));
    else {
      const taken = node.branches.find((branch) =>
        truthy(evaluateCondition(branch.condition, values))
      );
      out += renderNodes(taken ? taken.body : node.otherwise, values);
    }
  }
  return out;
}

const namePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

function lookUp(name: string, values: ReadonlyMap<string, TemplateValue>): TemplateValue {
  if (!values.has(name)) {
    throw new TemplateProblem(`'${name}' has no value (an optional parameter without a ` +
      "default that @use did not give, or not a parameter at all)");
  }
  return values.get(name)!;
}

/** A quoted string, number, true/false/none: what may stand after `==` or in `default(…)`. */
function literal(text: string): TemplateValue | undefined {
  const quoted = /^"([^"\\]*)"$|^'([^'\\]*)'$/.exec(text);
  if (quoted) return quoted[1] ?? quoted[2]!;
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^(true|True)$/.test(text)) return true;
  if (/^(false|False)$/.test(text)) return false;
  if (/^(none|None)$/.test(text)) return null;
  return undefined;
}

function evaluateOutput(expression: string, values: ReadonlyMap<string, TemplateValue>) {
  const [head, ...filters] = expression.split("|").map((part) => part.trim());
  const written = literal(head!);
  let value: TemplateValue | undefined = written;
  // `default` is the one filter that may see a missing value.
  const hasDefault = filters[0]?.startsWith("default");
  if (written === undefined) {
    if (!namePattern.test(head!)) throw unsupported(`{{ ${expression} }}`);
    value = hasDefault && !values.has(head!) ? undefined : lookUp(head!, values);
  }
  for (const filter of filters) value = applyFilter(filter, value, expression);
  return value ?? null;
}

function applyFilter(filter: string, value: TemplateValue | undefined, expression: string) {
  const withArgument = /^default\((.*)\)$/.exec(filter);
  if (withArgument) {
    const fallback = literal(withArgument[1]!.trim());
    if (fallback === undefined) throw unsupported(`{{ ${expression} }}`);
    return value === undefined ? fallback : value;
  }
  if (value === undefined) throw unsupported(`{{ ${expression} }}`);
  const text = pythonStr(value);
  switch (filter) {
    case "lower":
      return text.toLowerCase();
    case "upper":
      return text.toUpperCase();
    case "trim":
      return text.trim();
    case "capitalize":
      return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
    case "title":
      // Jinja's: each word (after a space, '-', or an opening bracket) capitalised.
      return text.split(/([-\s({[<]+)/).map((part) =>
        part.charAt(0).toUpperCase() + part.slice(1).toLowerCase()
      ).join("");
    default:
      throw new TemplateProblem(`'{{ ${expression} }}' uses the filter '${filter}', which the ` +
        "deploy tool does not render (it renders lower, upper, title, capitalize, trim, default)");
  }
}

const conditionPattern = /^(not\s+)?([A-Za-z_][A-Za-z0-9_]*)(?:\s*(==|!=)\s*(.+))?$/;

function evaluateCondition(condition: string, values: ReadonlyMap<string, TemplateValue>) {
  const match = conditionPattern.exec(condition);
  if (!match) throw unsupported(`{% if ${condition} %}`);
  const [, not, name, operator, right] = match;
  let result: boolean;
  if (operator === undefined) result = truthy(lookUp(name!, values));
  else {
    const other = literal(right!.trim());
    if (other === undefined) throw unsupported(`{% if ${condition} %}`);
    result = (pythonEquals(lookUp(name!, values), other)) === (operator === "==");
  }
  return not ? !result : result;
}

function unsupported(what: string): TemplateProblem {
  return new TemplateProblem(`'${what}' is a Jinja expression the deploy tool does not render ` +
    "(it renders a name or a quoted string, with filters, and conditions such as `name`, " +
    "`not name`, `name == \"value\"`)");
}

function truthy(value: TemplateValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && value !== "" && value !== 0 && value !== false;
}

function pythonEquals(left: TemplateValue, right: TemplateValue): boolean {
  // Python: True == 1 and False == 0; lists compare by content.
  const plain = (value: TemplateValue) => typeof value === "boolean" ? Number(value) : value;
  if (Array.isArray(left) || Array.isArray(right)) return pythonStr(left) === pythonStr(right);
  return plain(left) === plain(right);
}

/** What Python's `str()` gives, which is what Jinja prints. */
export function pythonStr(value: TemplateValue): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") {
    return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : pythonFloat(value);
  }
  if (typeof value === "string") return value;
  return `[${value.map(pythonRepr).join(", ")}]`;
}

function pythonRepr(value: TemplateValue): string {
  return typeof value === "string" ?
    `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'` :
    pythonStr(value);
}

function pythonFloat(value: number): string {
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}
