/**
 * Reading synthesized templates. Preflight judges literal values only: a value that is still a
 * `Ref`, `Fn::*` or other intrinsic is "not judged" (it is decided at deploy time), never
 * guessed. Helpers here return `undefined` for such values.
 */
import type { CfnResource, PreflightStack } from "./types.ts";

/** Bound on resources looked at per template (CloudFormation allows 500). */
const resourceCountMax = 2000;

export interface LocatedResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

/** Every resource of every stack, optionally only those of some types. */
export function resourcesOf(
  stacks: readonly PreflightStack[],
  ...types: readonly string[]
): LocatedResource[] {
  const found: LocatedResource[] = [];
  for (const stack of stacks) {
    const entries = Object.entries(stack.template.Resources ?? {}).slice(0, resourceCountMax);
    for (const [logicalId, resource] of entries) {
      if (types.length === 0 || types.includes(resource.Type)) {
        found.push({ stack: stack.id, logicalId, resource });
      }
    }
  }
  return found;
}

export function literalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Numbers may be written as numbers or numeric strings in templates. */
export function literalNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** `true`/`"true"` → true, `false`/`"false"` → false, anything else (a token) → undefined. */
export function literalBoolean(value: unknown): boolean | undefined {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return undefined;
}

export function property(resource: CfnResource, name: string): unknown {
  return resource.Properties?.[name];
}

/** A property that is an object (e.g. `LaunchTemplateData`), or undefined. */
export function objectProperty(
  resource: CfnResource,
  name: string,
): Record<string, unknown> | undefined {
  const value = property(resource, name);
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? value as Record<string, unknown>
    : undefined;
}

/** Tags as a map (CloudFormation writes `[{Key, Value}]`); token keys/values are skipped. */
export function tagsOf(resource: CfnResource, propertyName = "Tags"): Map<string, string> {
  const tags = new Map<string, string>();
  const value = property(resource, propertyName);
  if (!Array.isArray(value)) return tags;
  for (const tag of value.slice(0, 100)) {
    const key = literalString((tag as { Key?: unknown })?.Key);
    const tagValue = literalString((tag as { Value?: unknown })?.Value);
    if (key !== undefined && tagValue !== undefined) tags.set(key, tagValue);
  }
  return tags;
}

/** The logical id a `{Ref: X}` or `{Fn::GetAtt: [X, ...]}` points at, within its own template. */
export function referencedLogicalId(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === "string") return record.Ref;
  const getAtt = record["Fn::GetAtt"];
  if (Array.isArray(getAtt) && typeof getAtt[0] === "string") return getAtt[0];
  if (typeof getAtt === "string") return getAtt.split(".")[0];
  return undefined;
}

/**
 * Follow a reference to the resource it names, across stacks: a `Ref`/`GetAtt` in the same
 * template, or an `Fn::ImportValue` of a literal export name whose output is such a reference
 * in another stack (how CDK wires cross-stack references).
 */
export function resolveResource(
  stacks: readonly PreflightStack[],
  fromStack: string,
  value: unknown,
): LocatedResource | undefined {
  const local = referencedLogicalId(value);
  if (local !== undefined) return lookup(stacks, fromStack, local);
  const imported = (value as Record<string, unknown> | null)?.["Fn::ImportValue"];
  if (typeof imported !== "string") return undefined;
  for (const stack of stacks) {
    for (const output of Object.values(stack.template.Outputs ?? {})) {
      if (output.Export?.Name !== imported) continue;
      const target = referencedLogicalId(output.Value);
      return target === undefined ? undefined : lookup(stacks, stack.id, target);
    }
  }
  return undefined;
}

function lookup(stacks: readonly PreflightStack[], stackId: string, logicalId: string) {
  const stack = stacks.find((s) => s.id === stackId);
  const resource = stack?.template.Resources?.[logicalId];
  return resource ? { stack: stackId, logicalId, resource } : undefined;
}
