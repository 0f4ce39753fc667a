/**
 * Checks across constructs and files, on the lowered AppSpec: duplicate names, references,
 * TigerBeetle rules that span ledgers, and the warnings a ledger expert would raise.
 * Pure: AppSpec + references in, diagnostics out.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { closestName } from "../diagnostics/render.ts";
import type { AppSpec, GenericConstruct, Ledger } from "../ir/appspec.ts";
import type { Span } from "../ir/span.ts";
import { frontendDiagnostic } from "./codes.ts";
import type { Reference } from "./lower/context.ts";
import { uniquelyNamedConstructs } from "./lower/construct-keywords.ts";
import { checkTransaction } from "./validate-transaction.ts";

export function validateAppSpec(spec: AppSpec, references: readonly Reference[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  checkModules(spec, out);
  for (const [kind, items] of [
    ["entity", spec.entities],
    ["ledger", spec.ledgers],
    ["transaction", spec.transactions],
    ["channel", spec.channels],
    ["schedule", spec.schedules],
    ["service", spec.services],
    ["webhook", spec.webhooks],
  ] as const) {
    checkDuplicateNames(kind, items, out);
  }
  checkDuplicateConstructs(spec, out);
  checkEntityFields(spec, out);
  checkReferences(spec, references, out);
  checkAccountCodes(spec.ledgers, out);
  const ledgers = new Map(spec.ledgers.map((ledger) => [ledger.name, ledger]));
  for (const transaction of spec.transactions) checkTransaction(transaction, ledgers, out);
  return out;
}

function where(span: Span): string {
  return `${span.file}:${span.line}:${span.column}`;
}

function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  const guess = closestName(name, candidates);
  return guess ? `did you mean '${guess}'?` : undefined;
}

function checkModules(spec: AppSpec, out: Diagnostic[]): void {
  const declared = new Map<string, Span>();
  for (const module of spec.modules) {
    if (module.name === undefined) continue;
    const first = declared.get(module.name);
    if (first) {
      out.push(
        frontendDiagnostic("module/duplicateModule",
          `module '${module.name}' is also declared at ${where(first)}`, module.span),
      );
    } else declared.set(module.name, module.span);
  }
  const names = [...declared.keys()];
  for (const module of spec.modules) {
    for (const use of module.uses) {
      if (declared.has(use.module)) continue;
      out.push(
        frontendDiagnostic("module/unknownModule",
          `no file in the project declares module '${use.module}'`, use.span,
          didYouMean(use.module, names) ?? `declared modules: ${names.join(", ") || "none"}`),
      );
    }
  }
}

/**
 * Each item whose key an earlier item already had, with that first item, in order. Items
 * without a key (`undefined`) are not compared.
 */
function* repeats<T>(items: readonly T[], keyOf: (item: T) => string | undefined) {
  const first = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, item);
    else yield { item, earlier };
  }
}

function checkDuplicateNames(
  kind: string,
  items: readonly { readonly name: string; readonly span: Span }[],
  out: Diagnostic[],
): void {
  for (const { item, earlier } of repeats(items, (named) => named.name)) {
    out.push(
      frontendDiagnostic("names/duplicateName",
        `${kind} '${item.name}' is already declared at ${where(earlier.span)}`, item.span,
        "rename one of them"),
    );
  }
}

/**
 * Constructs the deploy tool keeps without interpreting (`surface`, `workspace`, `process`,
 * ...; lower/construct-keywords.ts): two of one keyword with one name are almost surely a slip
 * (a copied block, a file merged twice), and which one the framework keeps is not ours to say:
 * a warning.
 */
function checkDuplicateConstructs(spec: AppSpec, out: Diagnostic[]): void {
  const keyOf = (construct: GenericConstruct) =>
    construct.name !== undefined && uniquelyNamedConstructs.has(construct.keyword) ?
      `${construct.keyword} ${construct.name}` :
      undefined;
  for (const { item, earlier } of repeats(spec.others, keyOf)) {
    out.push(
      frontendDiagnostic("names/duplicateConstruct",
        `${item.keyword} '${item.name}' is already declared at ${where(earlier.span)}`, item.span,
        "rename or remove one of them"),
    );
  }
}

function checkEntityFields(spec: AppSpec, out: Diagnostic[]): void {
  for (const entity of spec.entities) {
    for (const { item, earlier } of repeats(entity.fields, (field) => field.name)) {
      out.push(
        frontendDiagnostic("names/duplicateField",
          `field '${item.name}' is already declared in entity '${entity.name}' ` +
            `at line ${earlier.span.line}`, item.span),
      );
    }
  }
}

function checkReferences(spec: AppSpec, references: readonly Reference[], out: Diagnostic[]) {
  const entities = new Map(spec.entities.map((entity) => [entity.name, entity]));
  const entityNames = [...entities.keys()];
  const ledgerNames = spec.ledgers.map((ledger) => ledger.name);
  for (const reference of references) {
    if (reference.kind === "ledger") {
      if (ledgerNames.includes(reference.name)) continue;
      out.push(
        frontendDiagnostic("ref/unknownLedger",
          `${reference.usedBy} uses ledger '${reference.name}', which is not declared`,
          reference.span, didYouMean(reference.name, ledgerNames)),
      );
      continue;
    }
    const entityName = reference.kind === "entity" ? reference.name : reference.entity;
    const entity = entities.get(entityName);
    if (!entity) {
      out.push(
        frontendDiagnostic("ref/unknownEntity",
          `${reference.usedBy} refers to entity '${entityName}', which is not declared`,
          reference.span, didYouMean(entityName, entityNames)),
      );
      continue;
    }
    if (reference.kind === "entityField" &&
      !entity.fields.some((field) => field.name === reference.field)) {
      const fieldNames = entity.fields.map((field) => field.name);
      out.push(
        frontendDiagnostic("ref/unknownField",
          `entity '${entityName}' has no field '${reference.field}' (used by ${reference.usedBy})`,
          reference.span, didYouMean(reference.field, fieldNames)),
      );
    }
  }
}

/** TigerBeetle identifies an account template by (ledger, code): a reuse is ambiguous. */
function checkAccountCodes(ledgers: readonly Ledger[], out: Diagnostic[]): void {
  const keyOf = (ledger: Ledger) =>
    ledger.accountCode === 0 || ledger.ledgerId === 0 ?
      undefined :
      `${ledger.ledgerId}/${ledger.accountCode}`;
  for (const { item: ledger, earlier } of repeats(ledgers, keyOf)) {
    out.push(
      frontendDiagnostic("ledger/accountCodeReused",
        `ledger '${ledger.name}' reuses account_code ${ledger.accountCode} of ledger ` +
          `'${earlier.name}' within ledger_id ${ledger.ledgerId}`, ledger.span,
        "give each ledger of one ledger_id its own account_code"),
    );
  }
}
