/**
 * What a regeneration changes, stack by stack and resource by resource, with CloudFormation's
 * replacement rules from `@aws-cdk/cloudformation-diff` (plus `stateful.ts`'s EBS knowledge).
 * Pure: takes the recorded templates and the current ones, returns plain data.
 */
import { fullDiff, ResourceImpact, type ResourceDifference } from "@aws-cdk/cloudformation-diff";
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
  const destructive = stacks.flatMap((stack) => stack.resources
    .filter((resource) => resource.destructive)
    .map((resource) => ({ ...resource, stack: stack.name })));
  return { stacks, destructive };
}

function diffResources(before: Template, after: Template): ResourceChange[] {
  const changes: ResourceChange[] = [];
  const diff = fullDiff(before, after);
  diff.resources.forEachDifference((logicalId, difference) => {
    const type = difference.newResourceType ?? difference.oldResourceType ?? "unknown";
    const old = before.Resources?.[logicalId];
    changes.push(describe(logicalId, type, difference, old));
  });
  return changes.sort((a, b) => (a.logicalId < b.logicalId ? -1 : 1));
}

function describe(
  logicalId: string,
  type: string,
  difference: ResourceDifference,
  old: { DeletionPolicy?: string } | undefined,
): ResourceChange {
  const stateful = statefulTypes.has(type);
  const kind = stateful ? { statefulKind: statefulKind(type, old ?? {}) } : {};
  if (difference.isAddition) {
    return { logicalId, type, change: "added", destructive: false, replacedBy: [],
      properties: [], ...kind };
  }
  if (difference.isRemoval) {
    const removal = old?.DeletionPolicy === "Retain" ? "retained" : "deleted";
    return { logicalId, type, change: "removed", destructive: stateful, replacedBy: [],
      properties: [], ...kind, ...(stateful ? { removal } : {}) };
  }
  const replacedBy = replacingProperties(type, difference);
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
