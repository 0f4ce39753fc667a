/**
 * `entity Name "Title":` → Entity. Lines with a block are kept as generic blocks (`permit:`,
 * `scope:`, `transitions:`); `key: value` lines are fields when their value starts with a field
 * type, entity directives (the keys below) otherwise. A line that looks like a field but is not
 * one is an error rather than a silently lost column: a missing `:` after the name, a type the
 * language does not have.
 */
import { closestName } from "../../diagnostics/render.ts";
import type { Entity, EntityField, FieldType, GenericNode, Property } from "../../ir/appspec.ts";
import type { Atom, Line } from "../cst.ts";
import { report, type LowerContext } from "./context.ts";
import { fieldTypeSpellings, fileTypes, isFieldType, referenceTypes, suggestFieldType,
  viaLinks } from "./field-types.ts";
import { lowerGenericNode } from "./generic.ts";
import { readHeader, requireName } from "./keyed-block.ts";
import { isCurrencyCode, splitBracketed, unquote, valueText } from "./values.ts";

/**
 * Keys that describe the entity itself rather than declare a field (the original parser's
 * entity-level keywords, when written as `key: value`): when the value is not a field type, such
 * a line is a directive, kept as a property.
 */
const entityDirectiveKeys = new Set([
  "intent",
  "description",
  "domain",
  "patterns",
  "display_field",
  "invariant",
  "audit",
  "title",
  "label",
  "archetype",
  "extends",
  "tenant_scoped",
  "soft_delete",
  "ordering",
  "unique_together",
  "searchable",
  "bulk",
  "seed",
  "graph_edge",
  "graph_node",
  "lifecycle",
  "publish",
  "managed_by",
  "expose",
  "signable",
  "signing_validator",
  "signing_template",
  "temporal",
  "subtype_of",
  "tenant_host",
  "membership",
  "fitness",
  "examples",
]);

/** Entity lines written without `:` that are not fields: `index a, b`, `soft_delete`, ... */
const colonlessDirectives = new Set(["index", "unique", "soft_delete", "publish"]);

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
    const typeWord = child.value[0]?.kind === "identifier" ? child.value[0].text : undefined;
    if (!simple) {
      if (isFieldLineWithoutColon(child)) reportMissingColon(context, child, name);
      blocks.push(lowerGenericNode(child));
    } else if (entityDirectiveKeys.has(child.head.text) &&
      (typeWord === undefined || !isFieldType(typeWord))) {
      properties.push({ key: child.keyText, value: unquote(valueText(child)), span: child.span });
    } else {
      const field = lowerField(context, child, name);
      if (field) fields.push(field);
    }
  }
  return {
    name,
    ...(header.title !== undefined ? { title: header.title } : {}),
    fields,
    blocks,
    properties,
    span: line.span,
  };
}

function lowerField(context: LowerContext, line: Line, entity: string): EntityField | undefined {
  const atoms = line.value;
  const equals = atoms.findIndex((atom) => atom.text === "=");
  const typeAtoms = equals === -1 ? atoms : atoms.slice(0, equals);
  const defaultAtoms = equals === -1 ? [] : atoms.slice(equals + 1);
  const base = typeAtoms[0];
  if (base?.kind === "identifier" && !isFieldType(base.text)) {
    const guess = suggestFieldType(base.text, (candidates) => closestName(base.text, candidates));
    report(context, "field/unknownType",
      `unknown type '${base.text}' for field '${line.keyText}' of entity '${entity}'`, base.span,
      guess ? `did you mean '${guess}'?` : `types: ${fieldTypeSpellings.join(", ")}`);
    return undefined;
  }
  if (base?.kind !== "identifier") {
    report(context, "value/malformed",
      `field '${line.keyText}' of entity '${entity}' needs a type such as str(200), int or ` +
        `ref Other, found '${valueText(line)}'`, line.valueSpan ?? line.keySpan);
    return undefined;
  }
  const typed = lowerFieldType(context, line, base, typeAtoms.slice(1), entity);
  if (!typed) return undefined;
  const defaultValue = defaultAtoms.map((atom) => atom.text).join(" ");
  if (typed.type.kind === "enum" && defaultValue !== "") {
    checkEnumDefault(context, typed.type.values, unquote(defaultValue), defaultAtoms, line);
  }
  return {
    name: line.keyText,
    type: typed.type,
    modifiers: readModifiers(typed.rest),
    ...(defaultValue ? { defaultValue: unquote(defaultValue) } : {}),
    span: line.span,
  };
}

interface TypedField {
  readonly type: FieldType;
  /** Atoms after the type: modifiers. */
  readonly rest: readonly Atom[];
}

function lowerFieldType(
  context: LowerContext,
  line: Line,
  base: Atom,
  after: readonly Atom[],
  entity: string,
): TypedField | undefined {
  const owner = `field '${line.keyText}' of entity '${entity}'`;
  const bracket = after[0]?.kind === "parenthesized" || after[0]?.kind === "bracketed"
    ? after[0] :
    undefined;
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
  if ((referenceTypes as readonly string[]).includes(base.text)) {
    const target = after[0];
    if (target?.kind !== "identifier") {
      report(context, "value/malformed", `${owner}: ${base.text} needs a target entity, ` +
        `as in ${base.text} Customer`, base.span);
      return undefined;
    }
    context.references.push({ kind: "entity", name: target.text, span: target.span,
      usedBy: owner });
    return lowerVia(context, owner, base.text, target, after.slice(1));
  }
  if (base.text === "computed") {
    const expression = after.map((atom) => atom.text).join(" ");
    return { type: { kind: "computed", expression }, rest: [] };
  }
  if ((fileTypes as readonly string[]).includes(base.text)) {
    return { type: { kind: "file", base: base.text }, rest: after };
  }
  if (base.text === "money") return lowerMoney(context, owner, bracket, afterBracket);
  const args = bracket ? splitBracketed(bracket) : [];
  return { type: { kind: "scalar", base: base.text, args }, rest: afterBracket };
}

/**
 * `has_many Tag via ArticleTag` (a junction entity) and `latest_one Employment via person` (the
 * target's field that points back); `latest_one` cannot do without it.
 */
function lowerVia(
  context: LowerContext,
  owner: string,
  base: string,
  target: Atom,
  after: readonly Atom[],
): TypedField | undefined {
  const link = viaLinks[base];
  const hasVia = after[0]?.text === "via";
  const via = hasVia ? after[1] : undefined;
  if (link === undefined || (!hasVia && link === "entity")) {
    return { type: { kind: "ref", base, target: target.text }, rest: after };
  }
  if (via?.kind !== "identifier") {
    const example = link === "field" ?
      `${base} ${target.text} via person` :
      `${base} ${target.text} via Junction`;
    report(context, "value/malformed", `${owner}: ${base} ${target.text} needs 'via' and the ` +
      `${link === "field" ? `field of ${target.text} that points back` : "junction entity"}, ` +
      `as in ${example}`, (via ?? after[0] ?? target).span);
    return undefined;
  }
  context.references.push(link === "field" ?
    { kind: "entityField", entity: target.text, field: via.text, span: via.span, usedBy: owner } :
    { kind: "entity", name: via.text, span: via.span, usedBy: owner });
  return { type: { kind: "ref", base, target: target.text, via: via.text }, rest: after.slice(2) };
}

function lowerMoney(
  context: LowerContext,
  owner: string,
  bracket: Atom | undefined,
  rest: readonly Atom[],
): TypedField {
  const written = bracket ? splitBracketed(bracket)[0] : undefined;
  // The original parser upper-cases the code: `money(usd)` is USD, said as a warning.
  const currency = written !== undefined && isCurrencyCode(written.toUpperCase())
    ? written.toUpperCase() :
    written;
  if (written !== undefined && currency !== written) {
    report(context, "value/currencyNotUpperCase",
      `${owner}: currency '${written}' is read as '${currency}'`, bracket!.span,
      `write it as money(${currency})`);
  } else if (currency !== undefined && !isCurrencyCode(currency)) {
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

/** `name str(100) required`: a field line whose `:` is missing (the original rejects it). */
function isFieldLineWithoutColon(line: Line): boolean {
  const typeWord = line.arguments[0];
  return !line.hasColon && !line.isListItem && line.head.kind === "identifier" &&
    !colonlessDirectives.has(line.head.text) && typeWord?.kind === "identifier" &&
    isFieldType(typeWord.text);
}

function reportMissingColon(context: LowerContext, line: Line, entity: string): void {
  const rest = line.keyText.slice(line.head.text.length).trim();
  report(context, "field/missingColon",
    `field '${line.head.text}' of entity '${entity}' has no ':' after its name`, line.head.span,
    `write it as '${line.head.text}: ${rest}'`);
}

/** An enum default that is not one of the values (the original accepts it silently). */
function checkEnumDefault(
  context: LowerContext,
  values: readonly string[],
  defaultValue: string,
  atoms: readonly Atom[],
  line: Line,
): void {
  if (values.includes(defaultValue)) return;
  const guess = closestName(defaultValue, values);
  const first = atoms[0]!.span;
  const last = atoms[atoms.length - 1]!.span;
  report(context, "field/defaultNotInEnum",
    `default '${defaultValue}' of field '${line.keyText}' is not one of its values: ` +
      values.join(", "), { ...first, endLine: last.endLine, endColumn: last.endColumn },
    guess ? `did you mean '${guess}'?` : undefined);
}
