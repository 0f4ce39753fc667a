/**
 * Cron expressions from the DSL → EventBridge schedule expressions.
 *
 * The DSL uses Unix 5-field cron (`minute hour day-of-month month day-of-week`, Sunday = 0 or
 * 7). EventBridge wants 6 fields (a year is added), numbers Sunday as 1, and requires `?` in
 * exactly one of day-of-month / day-of-week. Unix cron ORs the two day fields when both are
 * restricted; EventBridge cannot express that, so it is rejected rather than half-translated.
 * A 6-field DSL cron is taken to be EventBridge's form already and only validated.
 */

export type CronResult =
  | { readonly ok: true; readonly expression: string }
  | { readonly ok: false; readonly reason: string };

interface FieldRule {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
  "DEC"];
const dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const unixFields: readonly FieldRule[] = [
  { label: "minute", min: 0, max: 59 },
  { label: "hour", min: 0, max: 23 },
  { label: "day-of-month", min: 1, max: 31 },
  { label: "month", min: 1, max: 12, names: monthNames },
  { label: "day-of-week", min: 0, max: 7, names: dayNames },
];

/** Parts per list a field may have: bounds the work on hostile input. */
const listPartsMax = 60;

export function toEventBridgeCron(source: string): CronResult {
  const fields = source.trim().replace(/^"|"$/g, "").trim().split(/\s+/);
  if (fields.length === 6) return validateEventBridgeCron(fields);
  if (fields.length !== 5) {
    return { ok: false,
      reason: `expected 5 fields (minute hour day month weekday), got ${fields.length}` };
  }
  for (let index = 0; index < 5; index++) {
    const problem = validateField(fields[index]!, unixFields[index]!);
    if (problem) return { ok: false, reason: problem };
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string,
    string];
  const dayOfMonthRestricted = dayOfMonth !== "*" && dayOfMonth !== "?";
  const dayOfWeekRestricted = dayOfWeek !== "*" && dayOfWeek !== "?";
  if (dayOfMonthRestricted && dayOfWeekRestricted) {
    return { ok: false, reason: "both day-of-month and day-of-week are restricted; EventBridge " +
      "allows only one of them (use `*` in the other)" };
  }
  const eventBridgeDayOfMonth = dayOfWeekRestricted ? "?" : dayOfMonth === "?" ? "*" : dayOfMonth;
  const eventBridgeDayOfWeek = dayOfWeekRestricted ? shiftDaysOfWeek(dayOfWeek) : "?";
  const expression = [minute, hour, eventBridgeDayOfMonth, month, eventBridgeDayOfWeek, "*"];
  return { ok: true, expression: `cron(${expression.join(" ")})` };
}

/** Unix weekday numbers (0/7 = Sunday) → EventBridge (1 = Sunday); names are kept. */
function shiftDaysOfWeek(field: string): string {
  const shift = (value: string) => (/^\d+$/.test(value) ? String((Number(value) % 7) + 1) : value);
  const parts = field.split(",").map((part) => {
    const [range, step] = part.split("/") as [string, string | undefined];
    if (range === "*") return part;
    const [from, to] = range.split("-") as [string, string | undefined];
    if (to === undefined) return shift(from) + (step ? `/${step}` : "");
    // A range ending on Sunday (`5-7`) wraps in EventBridge's numbering: split it.
    if (to === "7" && /^\d+$/.test(from) && !step) {
      return from === "7" ? "1" : `${shift(from)}-7,1`;
    }
    return `${shift(from)}-${shift(to)}` + (step ? `/${step}` : "");
  });
  return parts.join(",");
}

function validateField(field: string, rule: FieldRule): string | undefined {
  const parts = field.split(",");
  if (parts.length > listPartsMax) return `${rule.label} has more than ${listPartsMax} parts`;
  for (const part of parts) {
    const problem = validatePart(part, rule);
    if (problem) return `${rule.label} "${field}": ${problem}`;
  }
  return undefined;
}

function validatePart(part: string, rule: FieldRule): string | undefined {
  const [range, step, extra] = part.split("/");
  if (extra !== undefined || range === undefined || range === "") return "malformed";
  if (step !== undefined && !/^\d{1,2}$/.test(step)) return `step "${step}" is not a number`;
  if (step !== undefined && Number(step) === 0) return "step must be at least 1";
  if (range === "*") return undefined;
  const bounds = range.split("-");
  if (bounds.length > 2) return `range "${range}" is malformed`;
  const values: number[] = [];
  for (const bound of bounds) {
    const value = fieldValue(bound, rule);
    if (value === undefined) {
      return `"${bound}" is not in ${rule.min}–${rule.max}` +
        (rule.names ? ` or ${rule.names[0]}–${rule.names[rule.names.length - 1]}` : "");
    }
    values.push(value);
  }
  if (values.length === 2 && values[0]! > values[1]!) return `range "${range}" runs backwards`;
  return undefined;
}

function fieldValue(text: string, rule: FieldRule): number | undefined {
  if (/^\d{1,2}$/.test(text)) {
    const value = Number(text);
    return value >= rule.min && value <= rule.max ? value : undefined;
  }
  const index = rule.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index < 0) return undefined;
  return rule.label === "month" ? index + 1 : index;
}

const eventBridgeFieldPattern = /^[0-9A-Za-z*?,\-/#LW]+$/;

function validateEventBridgeCron(fields: readonly string[]): CronResult {
  for (const field of fields) {
    if (!eventBridgeFieldPattern.test(field)) {
      return { ok: false,
        reason: `field "${field}" has characters EventBridge cron does not accept` };
    }
  }
  const questionMarks = [fields[2], fields[4]].filter((field) => field === "?").length;
  if (questionMarks !== 1) {
    return { ok: false, reason: "a 6-field (EventBridge) cron needs `?` in exactly one of " +
      "day-of-month and day-of-week" };
  }
  const problem = validateField(fields[0]!, unixFields[0]!) ??
    validateField(fields[1]!, unixFields[1]!);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, expression: `cron(${fields.join(" ")})` };
}
