/**
 * The body of an interpreted construct (ledger, transaction, transfer, channel): each line's
 * first word selects a handler. Unknown words are errors with "did you mean"; a key given twice
 * is an error unless the handler is repeatable (`transfer x:`, `send y:`).
 */
import { closestName } from "../../diagnostics/render.ts";
import type { Span } from "../../ir/span.ts";
import type { Line } from "../cst.ts";
import { report, type LowerContext } from "./context.ts";
import { unquote } from "./values.ts";

export interface KeyHandler {
  /** `transfer name:` style keys take one name after the keyword and may repeat. */
  readonly takesName?: boolean;
  readonly handle: (line: Line) => void;
}

export interface ConstructHeader {
  readonly keyword: string;
  readonly name?: string;
  readonly title?: string;
  readonly span: Span;
}

/** `keyword Name "Title"`: the first identifier argument and the first string argument. */
export function readHeader(line: Line): ConstructHeader {
  const name = line.arguments.find((atom) => atom.kind === "identifier")?.text;
  const title = line.arguments.find((atom) => atom.kind === "string")?.text;
  return {
    keyword: line.head.text,
    span: line.keySpan,
    ...(name !== undefined ? { name } : {}),
    ...(title !== undefined ? { title: unquote(title) } : {}),
  };
}

/** The header's name, or a `names/missingName` error and undefined. */
export function requireName(context: LowerContext, header: ConstructHeader): string | undefined {
  if (header.name !== undefined) return header.name;
  report(context, "names/missingName",
    `'${header.keyword}' needs a name, as in: ${header.keyword} Name "Title":`, header.span);
  return undefined;
}

/** Runs the handlers over `lines`; returns the keys seen. */
export function dispatchKeys(
  context: LowerContext,
  lines: readonly Line[],
  handlers: Readonly<Record<string, KeyHandler>>,
  owner: string,
): Set<string> {
  const seen = new Set<string>();
  const known = Object.keys(handlers);
  for (const line of lines) {
    const key = line.head.text;
    const handler = Object.hasOwn(handlers, key) ? handlers[key] : undefined;
    const shapeOk = handler !== undefined && !line.isListItem &&
      line.arguments.length === (handler.takesName ? 1 : 0);
    if (!handler || !shapeOk) {
      const guess = closestName(line.keyText, known);
      report(context, "keys/unknownKey", `unknown key '${line.keyText}' in ${owner}`, line.keySpan,
        guess ? `did you mean '${guess}'?` : `known keys: ${known.join(", ")}`);
      continue;
    }
    if (seen.has(key) && !handler.takesName) {
      report(context, "keys/duplicateKey", `'${key}' is given twice in ${owner}`, line.keySpan,
        "keep one of them");
      continue;
    }
    seen.add(key);
    handler.handle(line);
  }
  return seen;
}

/**
 * A construct body may open with a bare string, read as its intent (the original parser's
 * docstring form). Returns that string and the remaining lines.
 */
export function splitDocstring(
  lines: readonly Line[],
): { docstring?: string; rest: readonly Line[] } {
  const first = lines[0];
  const isDocstring = first !== undefined && first.head.kind === "string" &&
    first.arguments.length === 0 && !first.hasColon && first.body.length === 0 &&
    !first.isListItem;
  return isDocstring ?
    { docstring: unquote(first.head.text), rest: lines.slice(1) }
    : { rest: lines };
}

export function requireKeys(
  context: LowerContext,
  seen: ReadonlySet<string>,
  required: Readonly<Record<string, string>>,
  owner: string,
  span: Span,
): boolean {
  let complete = true;
  for (const [key, meaning] of Object.entries(required)) {
    if (seen.has(key)) continue;
    complete = false;
    report(context, "keys/missingKey", `${owner} has no '${key}' (${meaning})`, span);
  }
  return complete;
}
