/**
 * Stable orderings. Plain code-unit comparison (not `localeCompare`) so the output does not
 * depend on the machine's locale: the same input gives byte-identical JSON everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return compareText(a.name, b.name);
}
