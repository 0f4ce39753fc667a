/**
 * `entity Name "Title":` → Entity. Lines with a block are kept as generic blocks (`permit:`,
 * `scope:`, `transitions:`); `key: value` lines are fields, except the entity-level keys below.
 */
import type { Entity, EntityField, FieldType, GenericNode, Property } from "../../ir/appspec.ts";
import type { Atom, Line } from "../cst.ts";
import { report, type LowerContext } from "./context.ts";
import { lowerGenericNode } from "./generic.ts";
import { readHeader, requireName } from "./keyed-block.ts";
import { isCurrencyCode, splitBracketed, unquote, valueText } from "./values.ts";

/** Keys that describe the entity itself rather than declare a field (the original parser's
 * entity-level keywords, when written as `key: value`). */
const entityPropertyKeys = new Set([
  "intent", "description", "domain", "patterns", "display_field", "invariant", "audit", "title",
  "label", "archetype", "extends", "tenant_scoped", "soft_delete", "ordering", "unique_together",
  "searchable", "bulk", "seed", "graph_edge", "graph_node", "lifecycle", "publish",
]);

/** Field types that hold a reference to another entity. */
const referenceTypes = new Set(["ref", "has_many", "has_one", "belongs_to", "many_to_many"]);
/** Field types whose content goes to object storage. */
const fileTypes = new Set(["file", "image", "document", "attachment", "video", "audio"]);

export function lowerEntity(context: LowerContext, line: Line): Entity | undefined {
  const header = readHeader(line);
  const name = requireName(context, header);
  if (name === undefined) return undefined;
  const fields: EntityField[] = [];
  const blocks: GenericNode[] = [];
  const properties: Property[] = [];
  for (const child of line.body) {
    const simple = child.hasColon && child.body.length === 0 && !child.isListItem &&
      child.arguments.length === 0 && child.head.kind === "identifier";
    if (!simple) blocks.push(lowerGenericNode(child));
    else if (entityPropertyKeys.has(child.head.text)) {
      properties.push({ key: child.keyText, value: unquote(valueText(child)), span: child.span });
    } else {
      const field = lowerField(context, child, name);
      if (field) fields.push(field);
    }
  }
  return {
    name, ...(header.title !== undefined ? { title: header.title } : {}),
    fields, blocks, properties, span: line.span,
  };
}

function lowerField(context: LowerContext, line: Line, entity: string): EntityField | undefined {
  const atoms = line.value;
  const equals = atoms.findIndex((atom) => atom.text === "=");
  const typeAtoms = equals === -1 ? atoms : atoms.slice(0, equals);
  const defaultAtoms = equals === -1 ? [] : atoms.slice(equals + 1);
  const base = typeAtoms[0];
  if (base?.kind !== "identifier") {
    report(context, "value/malformed",
      `field '${line.keyText}' of entity '${entity}' needs a type such as str(200), int or ` +
        `ref Other, found '${valueText(line)}'`, line.valueSpan ?? line.keySpan);
    return undefined;
  }
  const typed = lowerFieldType(context, line, base, typeAtoms.slice(1), entity);
  if (!typed) return undefined;
  const defaultValue = defaultAtoms.map((atom) => atom.text).join(" ");
  return {
    name: line.keyText, type: typed.type, modifiers: readModifiers(typed.rest),
    ...(defaultValue ? { defaultValue: unquote(defaultValue) } : {}), span: line.span,
  };
}

interface TypedField {
  readonly type: FieldType;
  /** Atoms after the type: modifiers. */
  readonly rest: readonly Atom[];
}

function lowerFieldType(
  context: LowerContext, line: Line, base: Atom, after: readonly Atom[], entity: string,
): TypedField | undefined {
  const owner = `field '${line.keyText}' of entity '${entity}'`;
  const bracket = after[0]?.kind === "parenthesized" || after[0]?.kind === "bracketed"
    ? after[0] : undefined;
  const afterBracket = bracket ? after.slice(1) : after;
  if (base.text === "enum") {
    const values = bracket ? splitBracketed(bracket) : [];
    if (values.length === 0) {
      report(context, "value/malformed", `${owner}: enum needs its values, as in enum[a,b,c]`,
        base.span);
      return undefined;
    }
    return { type: { kind: "enum", values }, rest: afterBracket };
  }
  if (referenceTypes.has(base.text)) {
    const target = after[0];
    if (target?.kind !== "identifier") {
      report(context, "value/malformed", `${owner}: ${base.text} needs a target entity, ` +
        `as in ${base.text} Customer`, base.span);
      return undefined;
    }
    context.references.push({ kind: "entity", name: target.text, span: target.span,
      usedBy: owner });
    return { type: { kind: "ref", base: base.text, target: target.text }, rest: after.slice(1) };
  }
  if (base.text === "computed") {
    const expression = after.map((atom) => atom.text).join(" ");
    return { type: { kind: "computed", expression }, rest: [] };
  }
  if (fileTypes.has(base.text)) return { type: { kind: "file", base: base.text }, rest: after };
  if (base.text === "money") return lowerMoney(context, owner, bracket, afterBracket);
  const args = bracket ? splitBracketed(bracket) : [];
  return { type: { kind: "scalar", base: base.text, args }, rest: afterBracket };
}

function lowerMoney(
  context: LowerContext, owner: string, bracket: Atom | undefined, rest: readonly Atom[],
): TypedField {
  const currency = bracket ? splitBracketed(bracket)[0] : undefined;
  if (currency !== undefined && !isCurrencyCode(currency)) {
    report(context, "value/invalidCurrency",
      `${owner}: currency '${currency}' is not an ISO 4217 code (three upper-case letters, ` +
        "such as GBP)", bracket!.span);
  }
  return { type: { kind: "money", ...(currency ? { currency } : {}) }, rest };
}

/** `required unique pii(category=contact)` → ["required", "unique", "pii(category=contact)"]. */
function readModifiers(atoms: readonly Atom[]): string[] {
  const modifiers: string[] = [];
  for (const atom of atoms) {
    const glued = atom.kind === "parenthesized" && modifiers.length > 0;
    if (glued) modifiers[modifiers.length - 1] += atom.text;
    else if (atom.text !== ",") modifiers.push(atom.text);
  }
  return modifiers;
}
