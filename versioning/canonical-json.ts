/**
 * Canonical JSON: object keys sorted (by UTF-16 code unit, like `Array.prototype.sort`), no
 * whitespace, arrays kept in order. Two templates that differ only in key order or formatting
 * produce the same text, so their checksums agree (issue 5: "formatting or code changes that do
 * not change the template are not changes").
 */

/** Deepest nesting we canonicalise; CloudFormation templates are far shallower than this. */
const nestingDepthMax = 256;

export function canonicalJson(value: unknown): string {
  return encode(value, 0);
}

function encode(value: unknown, depth: number): string {
  if (depth > nestingDepthMax) {
    throw new Error(`canonicalJson: nesting deeper than ${nestingDepthMax} levels`);
  }
  if (value === null || typeof value !== "object") {
    // undefined inside objects is dropped below; at top level or in arrays JSON writes null.
    const text = JSON.stringify(value);
    return text === undefined ? "null" : text;
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => encode(item, depth + 1)).join(",")}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
  const members = keys.map((key) => `${JSON.stringify(key)}:${encode(record[key], depth + 1)}`);
  return `{${members.join(",")}}`;
}
