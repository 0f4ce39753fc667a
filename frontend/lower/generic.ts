/**
 * Constructs and lines kept structurally: nothing is interpreted, nothing is dropped.
 */
import type { GenericConstruct, GenericNode, Property } from "../../ir/appspec.ts";
import type { Atom, Line } from "../cst.ts";
import { readHeader } from "./keyed-block.ts";
import { unquote, valueText } from "./values.ts";

export function lowerGenericNode(line: Line): GenericNode {
  const children = line.body.map(lowerGenericNode);
  const value = line.valueText !== undefined ? valueText(line) : undefined;
  const kind: GenericNode["kind"] = line.isListItem ?
    "item"
    : line.body.length > 0 ?
    "block"
    : line.hasColon ?
    "property"
    : "statement";
  if (kind === "statement") return { kind, value: line.keyText, children, span: line.span };
  return { kind, key: line.keyText, ...(value !== undefined ? { value } : {}), children,
    span: line.span };
}

export function lowerGenericConstruct(line: Line): GenericConstruct {
  const header = { ...readHeader(line), ...joinedName(line.arguments) };
  const body = line.body.map(lowerGenericNode);
  // A one-line top-level construct (`feedback_widget: enabled`) keeps its value as a node.
  const valueNode: GenericNode[] = line.valueText !== undefined && line.body.length === 0
    ? [{ kind: "property", key: line.keyText, value: valueText(line), children: [],
      span: line.span }]
    : [];
  return {
    keyword: header.keyword,
    ...(header.name !== undefined ? { name: header.name } : {}),
    ...(header.title !== undefined ? { title: header.title } : {}),
    body: [...valueNode, ...body],
    span: line.span,
  };
}

/**
 * A name written as one word of several tokens, as the original reads story and test ids:
 * `story ST-002 "…":` is named `ST-002`, not `ST`.
 */
function joinedName(atoms: readonly Atom[]): { name?: string } {
  const first = atoms.findIndex((atom) => atom.kind === "identifier");
  if (first === -1) return {};
  let name = atoms[first]!.text;
  for (let index = first + 1; index < atoms.length; index++) {
    const before = atoms[index - 1]!.span;
    const atom = atoms[index]!;
    const touches = atom.span.line === before.endLine && atom.span.column === before.endColumn;
    const wordPart = atom.kind === "identifier" || atom.kind === "number" ||
      atom.kind === "duration" || atom.text === "-" || atom.text === ".";
    if (!touches || !wordPart) break;
    name += atom.text;
  }
  return { name };
}

/** `key: value` lines of a block as properties (strings unquoted); other lines are skipped. */
export function lowerProperties(lines: readonly Line[]): Property[] {
  return lines
    .filter((line) => line.hasColon && line.valueText !== undefined)
    .map((line) => ({ key: line.keyText, value: unquote(valueText(line)), span: line.span }));
}
