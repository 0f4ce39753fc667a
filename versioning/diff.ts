/**
 * What a regeneration changes, stack by stack and resource by resource, with CloudFormation's
 * replacement rules from `@aws-cdk/cloudformation-diff` (plus `stateful.ts`'s EBS knowledge).
 * Linear in the size of the templates (see `diffResources`).
 * Pure: takes the recorded templates and the current ones, returns plain data.
 */
import { ResourceImpact, type ResourceDifference } from "@aws-cdk/cloudformation-diff";
// Not re-exported by the package's entry: the per-resource diff `fullDiff` is built on.
import { diffResource } from "@aws-cdk/cloudformation-diff/lib/diff/index.js";
import { canonicalJson } from "./canonical-json.ts";
import { inPlaceImpossible, statefulKind, statefulTypes } from "./stateful.ts";
import { templateChecksum, type StackTemplate } from "./infra-version.ts";

export type StackChangeKind = "added" | "removed" | "modified";
export type ResourceChangeKind = "added" | "removed" | "modified" | "replaced";

export interface ResourceChange {
  readonly logicalId: string;
  readonly type: string;
  readonly change: ResourceChangeKind;
  /** True when data would be lost or detached: a stateful resource replaced or removed. */
  readonly destructive: boolean;
  /** Properties that force the replacement, when replaced. */
  readonly replacedBy: readonly string[];
  /** Changed properties of a modified or replaced resource, with scalar values shown. */
  readonly properties: readonly PropertyChange[];
  /** "TigerBeetle data volume", "database", ... when the resource is stateful. */
  readonly statefulKind?: string;
  /** For a removed stateful resource: CloudFormation deletes it or only detaches it (Retain). */
  readonly removal?: "deleted" | "retained";
}

export interface PropertyChange {
  readonly name: string;
  /** The old and new value when they are strings, numbers or booleans (else absent). */
  readonly before?: string | number | boolean;
  readonly after?: string | number | boolean;
}

export interface StackChange {
  readonly name: string;
  readonly change: StackChangeKind;
  readonly resources: readonly ResourceChange[];
}

export interface InfraDiff {
  readonly stacks: readonly StackChange[];
  /** Every destructive resource change, with its stack. */
  readonly destructive: readonly (ResourceChange & { readonly stack: string })[];
}

type Template = { Resources?: Record<string, { Type?: string; DeletionPolicy?: string }> };

export function diffInfra(
  recorded: ReadonlyMap<string, unknown>,
  current: readonly StackTemplate[],
): InfraDiff {
  const stacks: StackChange[] = [];
  const currentById = new Map(current.map((stack) => [stack.id, stack.template]));
  const names = [...new Set([...recorded.keys(), ...currentById.keys()])].sort();
  for (const name of names) {
    const before = recorded.get(name) as Template | undefined;
    const after = currentById.get(name) as Template | undefined;
    if (before === undefined) {
      stacks.push({ name, change: "added", resources: diffResources({}, after!) });
    } else if (after === undefined) {
      stacks.push({ name, change: "removed", resources: diffResources(before, {}) });
    } else if (templateChecksum(before) !== templateChecksum(after)) {
      stacks.push({ name, change: "modified", resources: diffResources(before, after) });
    }
  }
  const destructive = stacks.flatMap((stack) =>
    stack.resources
      .filter((resource) => resource.destructive)
      .map((resource) => ({ ...resource, stack: stack.name }))
  );
  return { stacks, destructive };
}

type Resource = { Type?: string; DeletionPolicy?: string; Properties?: unknown };

/**
 * Resource by resource, in time linear in the templates' size: unchanged resources are told
 * apart by their canonical JSON, and only changed ones go through `diffResource` (the
 * resource specification's replacement rules). Whole-template `fullDiff` is quadratic in the
 * number of resources (a 10,000-resource stack took minutes), so the one thing it adds —
 * a replaced resource forcing the replacement of the resources that reference it — is done
 * here with a reference index.
 */
function diffResources(before: Template, after: Template): ResourceChange[] {
  const oldResources = (before.Resources ?? {}) as Record<string, Resource>;
  const newResources = (after.Resources ?? {}) as Record<string, Resource>;
  const differences = new Map<string, ResourceDifference>();
  for (const logicalId of new Set([...Object.keys(oldResources), ...Object.keys(newResources)])) {
    const old = oldResources[logicalId];
    const current = newResources[logicalId];
    if (old !== undefined && current !== undefined &&
      canonicalJson(old) === canonicalJson(current)) {
      continue;
    }
    differences.set(logicalId, diffResource(old as never, current as never, logicalId));
  }
  const propagated = propagateReplacements(oldResources, newResources, differences);
  const changes: ResourceChange[] = [];
  for (const [logicalId, difference] of differences) {
    const type = difference.newResourceType ?? difference.oldResourceType ?? "unknown";
    changes.push(
      describe(logicalId, type, difference, oldResources[logicalId],
        propagated.get(logicalId) ?? []),
    );
  }
  return changes.sort((a, b) => (a.logicalId < b.logicalId ? -1 : 1));
}

/**
 * CloudFormation replaces a resource whose replacement-only property references a replaced
 * resource (its Ref/GetAtt value changes). Returns, per resource replaced that way, the
 * properties that force it. Each resource is re-diffed at most once per replaced resource it
 * references, so the work is bounded by the references in the template.
 */
function propagateReplacements(
  oldResources: Record<string, Resource>,
  newResources: Record<string, Resource>,
  differences: Map<string, ResourceDifference>,
): Map<string, string[]> {
  const propagated = new Map<string, string[]>();
  const worklist = [...differences].filter(([, d]) =>
    d.changeImpact ===
      ResourceImpact.WILL_REPLACE || replacingProperties(d.newResourceType ?? "", d).length > 0
  )
    .map(([logicalId]) => logicalId);
  if (worklist.length === 0) return propagated;
  const consumers = referenceIndex(newResources);
  const replaced = new Set(worklist);
  const substituted = new Map<string, Resource>();
  while (worklist.length > 0) {
    const replacedId = worklist.pop()!;
    for (const consumer of consumers.get(replacedId) ?? []) {
      const old = oldResources[consumer];
      if (old === undefined || replaced.has(consumer)) continue;
      const copy = markReplaced(substituted.get(consumer) ?? newResources[consumer]!, replacedId);
      substituted.set(consumer, copy);
      const downstream = diffResource(old as never, copy as never, consumer);
      const forcing = replacingProperties(downstream.newResourceType ?? "", downstream);
      if (forcing.length === 0) continue;
      replaced.add(consumer);
      worklist.push(consumer);
      propagated.set(consumer, forcing);
      if (!differences.has(consumer)) {
        differences.set(consumer,
          diffResource(old as never, newResources[consumer] as never, consumer));
      }
    }
  }
  return propagated;
}

/** logical id → the resources whose definition references it (Ref, Fn::GetAtt, ...). */
function referenceIndex(resources: Record<string, Resource>): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    visitReferences(resource, (target) => {
      let set = index.get(target);
      if (set === undefined) index.set(target, set = new Set());
      set.add(logicalId);
    }, 0);
  }
  return index;
}

/** Nesting bound for template values (CloudFormation's own limits are far below it). */
const valueDepthMax = 256;

/** The same reference forms `@aws-cdk/cloudformation-diff` propagates: Ref and Fn::*[0]. */
function visitReferences(value: unknown, visit: (target: string) => void, depth: number): void {
  if (depth > valueDepthMax || typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) visitReferences(item, visit, depth + 1);
    return;
  }
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  if (keys.length === 1 && (keys[0] === "Ref" || keys[0]!.startsWith("Fn::"))) {
    const argument = record[keys[0]!];
    if (keys[0] === "Ref" && typeof argument === "string") visit(argument);
    if (Array.isArray(argument) && typeof argument[0] === "string") visit(argument[0]);
    if (keys[0] === "Ref") return;
  }
  for (const key of keys) visitReferences(record[key], visit, depth + 1);
}

/** A copy of `resource` whose references to `replacedId` name a different (new) resource. */
function markReplaced(resource: Resource, replacedId: string): Resource {
  const rewrite = (value: unknown, depth: number): unknown => {
    if (depth > valueDepthMax || typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => rewrite(item, depth + 1));
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === "Ref" && record["Ref"] === replacedId) {
      return { Ref: `${replacedId} (replaced)` };
    }
    if (keys.length === 1 && keys[0]!.startsWith("Fn::")) {
      const argument = record[keys[0]!];
      if (Array.isArray(argument) && argument[0] === replacedId) {
        return { [keys[0]!]: [`${replacedId} (replaced)`, ...argument.slice(1)] };
      }
    }
    return Object.fromEntries(keys.map((key) => [key, rewrite(record[key], depth + 1)]));
  };
  return rewrite(resource, 0) as Resource;
}

function describe(
  logicalId: string,
  type: string,
  difference: ResourceDifference,
  old: { DeletionPolicy?: string } | undefined,
  forcedByReferences: readonly string[],
): ResourceChange {
  const stateful = statefulTypes.has(type);
  const kind = stateful ? { statefulKind: statefulKind(type, old ?? {}) } : {};
  if (difference.isAddition) {
    return { logicalId, type, change: "added", destructive: false, replacedBy: [], properties: [],
      ...kind };
  }
  if (difference.isRemoval) {
    const removal = old?.DeletionPolicy === "Retain" ? "retained" : "deleted";
    return { logicalId, type, change: "removed", destructive: stateful, replacedBy: [],
      properties: [], ...kind, ...(stateful ? { removal } : {}) };
  }
  const replacedBy = [...new Set([...replacingProperties(type, difference), ...forcedByReferences])]
    .sort();
  const replaced = replacedBy.length > 0 ||
    difference.changeImpact === ResourceImpact.WILL_REPLACE ||
    difference.changeImpact === ResourceImpact.MAY_REPLACE;
  return { logicalId, type, change: replaced ? "replaced" : "modified",
    destructive: stateful && replaced, replacedBy, properties: changedProperties(difference),
    ...kind };
}

function scalar(value: unknown): { value?: string | number | boolean } {
  const kind = typeof value;
  return kind === "string" || kind === "number" || kind === "boolean"
    ? { value: value as string | number | boolean }
    : {};
}

function changedProperties(difference: ResourceDifference): PropertyChange[] {
  return Object.entries(difference.propertyUpdates).map(([name, update]) => {
    const before = scalar(update.oldValue).value;
    const after = scalar(update.newValue).value;
    return { name, ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }) };
  }).sort((a, b) => (a.name < b.name ? -1 : 1));
}

function replacingProperties(type: string, difference: ResourceDifference): string[] {
  const impossible = inPlaceImpossible[type] ?? [];
  const names: string[] = [];
  for (const [name, update] of Object.entries(difference.propertyUpdates)) {
    const impact = update.changeImpact;
    if (impact === ResourceImpact.WILL_REPLACE || impact === ResourceImpact.MAY_REPLACE ||
      impossible.includes(name)) {
      names.push(name);
    }
  }
  return names.sort();
}
