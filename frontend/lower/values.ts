/**
 * Reading typed values out of a line's value atoms. Each reader reports a coded diagnostic and
 * returns undefined when the value is not what the key needs; it never throws.
 */
import { closestName } from "../../diagnostics/render.ts";
import type { Atom, Line } from "../cst.ts";
import { report, type LowerContext } from "./context.ts";

/** Milliseconds per duration unit. `m` is minutes, as in the corpus (`timeout: 5m`). */
const durationUnitMs: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  min: 60_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** The value as written, trimmed; "" when the line has no value. */
export function valueText(line: Line): string {
  return (line.valueText ?? "").trim();
}

/** `"text"` or `'text'` → text with `\n \t \\ \" \'` decoded; other atoms as written. */
export function unquote(text: string): string {
  if (text.length < 2 || (text[0] !== "\"" && text[0] !== "'")) return text;
  return text.slice(1, -1).replace(/\\(.)/g,
    (_, c: string) => c === "n" ? "\n" : c === "t" ? "\t" : c);
}

function describe(line: Line): string {
  return line.valueText === undefined ? "nothing" : `'${valueText(line)}'`;
}

export function readInteger(
  context: LowerContext,
  line: Line,
  range: { readonly min: number; readonly max: number },
  meaning: string,
): number | undefined {
  const atom = line.value[0];
  if (line.value.length !== 1 || atom?.kind !== "number" || atom.text.includes(".")) {
    report(context, "value/notInteger",
      `'${line.keyText}' must be a whole number (${meaning}), found ${describe(line)}`,
      line.valueSpan ?? line.keySpan);
    return undefined;
  }
  const value = Number(atom.text);
  if (value < range.min || value > range.max) {
    report(context, "value/outOfRange",
      `'${line.keyText}' is ${atom.text}, outside ${range.min}–${range.max} (${meaning})`,
      atom.span);
    return undefined;
  }
  return value;
}

/** One word from an allowed set, with "did you mean". */
export function readChoice<T extends string>(
  context: LowerContext,
  line: Line,
  allowed: readonly T[],
): T | undefined {
  // Case-insensitive, as in the original parser (`account_type: Asset`).
  const text = valueText(line).toLowerCase();
  if ((allowed as readonly string[]).includes(text)) return text as T;
  const guess = closestName(text, allowed);
  report(context, "value/notAllowed",
    `'${line.keyText}' must be one of ${allowed.join(", ")}, found ${describe(line)}`,
    line.valueSpan ?? line.keySpan, guess ? `did you mean '${guess}'?` : undefined);
  return undefined;
}

/** `a, b, c` → words, each checked against `allowed`. */
export function readWordList<T extends string>(
  context: LowerContext,
  line: Line,
  allowed: readonly T[],
): T[] {
  const words: T[] = [];
  for (const atom of line.value) {
    if (atom.kind === "operator" && atom.text === ",") continue;
    if ((allowed as readonly string[]).includes(atom.text)) {
      if (!words.includes(atom.text as T)) words.push(atom.text as T);
      continue;
    }
    const guess = closestName(atom.text, allowed);
    report(context, "value/notAllowed",
      `'${atom.text}' is not a valid '${line.keyText}' value; allowed: ${allowed.join(", ")}`,
      atom.span, guess ? `did you mean '${guess}'?` : undefined);
  }
  return words;
}

/** A duration literal (`30s`, `5min`), or a whole number of milliseconds (`5000`), which is
 * what the original parser read for `timeout:`. */
export function readDurationMs(context: LowerContext, line: Line): number | undefined {
  const atom = line.value[0];
  if (atom?.kind === "number" && line.value.length === 1 && /^[0-9]+$/.test(atom.text)) {
    return Number(atom.text);
  }
  const match = atom?.kind === "duration" && line.value.length === 1
    ? /^([0-9]+)([a-z]+)$/.exec(atom.text)
    : null;
  if (!match) {
    report(context, "value/invalidDuration",
      `'${line.keyText}' must be a duration such as 30s, 5min, 24h or 7d, found ${describe(line)}`,
      line.valueSpan ?? line.keySpan, "a plain whole number counts as milliseconds");
    return undefined;
  }
  return Number(match[1]) * durationUnitMs[match[2]!]!;
}

export function readBoolean(context: LowerContext, line: Line): boolean | undefined {
  const word = readChoice(context, line, ["true", "false"] as const);
  return word === undefined ? undefined : word === "true";
}

/** Inner text of `(a, b)` or `[a, b]` split on top-level commas, trimmed. */
export function splitBracketed(atom: Atom): string[] {
  const inner = atom.text.slice(1, -1);
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let at = 0; at < inner.length; at++) {
    const c = inner[at];
    if (c === "(" || c === "[") depth += 1;
    else if (c === ")" || c === "]") depth -= 1;
    else if (c === "," && depth === 0) {
      parts.push(inner.slice(start, at).trim());
      start = at + 1;
    }
  }
  parts.push(inner.slice(start).trim());
  return parts.filter((part) => part.length > 0);
}

/** ISO 4217 shape: three upper-case letters. */
export function isCurrencyCode(text: string): boolean {
  return /^[A-Z]{3}$/.test(text);
}

/** Every IANA zone name this runtime knows (the binary's ICU data). */
const timeZoneNames: readonly string[] = Intl.supportedValuesOf("timeZone");

/**
 * An IANA time zone name (`"Europe/London"`, `"UTC"`), checked against the zones the runtime
 * knows; an offset such as `+01:00` is refused (it would ignore daylight saving time).
 */
export function readTimeZone(context: LowerContext, line: Line): string | undefined {
  const zone = unquote(valueText(line));
  if (/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone) && isKnownTimeZone(zone)) {
    return zone;
  }
  const guess = closestName(zone, timeZoneNames);
  report(context, "value/unknownTimeZone",
    `'${line.keyText}' must be an IANA time zone such as "Europe/London", found ${describe(line)}`,
    line.valueSpan ?? line.keySpan,
    guess ? `did you mean "${guess}"?` : "see the tz database's zone names (e.g. \"UTC\")");
  return undefined;
}

function isKnownTimeZone(zone: string): boolean {
  if (timeZoneNames.includes(zone)) return true;
  try {
    // Aliases the list leaves out ("UTC", "Etc/GMT+1", "US/Eastern") are still zones.
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
