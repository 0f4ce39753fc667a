/**
 * `job name "Title":` → Job, as the original parser reads it (`dsl_parser_impl/job.py`):
 *
 *   job thumbnail_render "Generate thumbnail":
 *     trigger: on_create Manuscript when source_pdf is_set
 *     run: scripts/render_thumbnail.py
 *     retry: 3
 *     retry_backoff: exponential
 *     dead_letter: ManuscriptDeadLetter
 *     timeout: 60s
 *
 * `trigger:` may repeat; `schedule:` takes only `cron("…")`; either is required, both are
 * allowed. Like the original, a key that is not a job key does not stop the job; unlike it, it
 * is reported (a warning with the closest key), since it is most likely a typo.
 */
import { closestName } from "../../diagnostics/render.ts";
import type { Job, JobTrigger } from "../../ir/appspec.ts";
import type { Line } from "../cst.ts";
import { report, type LowerContext } from "./context.ts";
import { readHeader, requireName } from "./keyed-block.ts";
import { readChoice, readInteger, readTimeZone, unquote, valueText } from "./values.ts";

/** The original's trigger words and the event each names. */
const triggerEvents = {
  on_create: "created",
  on_update: "updated",
  on_delete: "deleted",
  on_field_changed: "field_changed",
} as const satisfies Record<string, JobTrigger["event"]>;

const backoffs = ["none", "linear", "exponential"] as const;

/** The original's bounds and defaults (`ir/jobs.py`). */
const retryRange = { min: 0, max: 20 } as const;
const timeoutSecondsRange = { min: 1, max: 86_400 } as const;
const retryDefault = 3;
const timeoutSecondsDefault = 60;

/** Seconds per timeout suffix: the original's `_duration_to_seconds` (`m` is minutes). */
const timeoutUnitSeconds: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

interface JobFields {
  run?: string;
  triggers: JobTrigger[];
  cron?: { readonly cron: string; readonly span: Line["span"] };
  timezone?: string;
  retry?: number;
  retryBackoff?: Job["retryBackoff"];
  deadLetter?: string;
  timeoutSeconds?: number;
}

export function lowerJob(context: LowerContext, line: Line): Job | undefined {
  const header = readHeader(line);
  const name = requireName(context, header);
  if (name === undefined) return undefined;
  const owner = `job '${name}'`;
  const fields: JobFields = { triggers: [] };
  const handlers: Readonly<Record<string, (l: Line) => void>> = {
    trigger: (l) => {
      pushDefined(fields.triggers, readTrigger(context, l, owner));
    },
    schedule: (l) => {
      fields.cron = readCronCall(context, l);
    },
    timezone: (l) => {
      fields.timezone = readTimeZone(context, l);
    },
    run: (l) => {
      fields.run = unquote(valueText(l));
    },
    retry: (l) => {
      fields.retry = readInteger(context, l, retryRange, "retries after a failure");
    },
    retry_backoff: (l) => {
      fields.retryBackoff = readChoice(context, l, backoffs);
    },
    dead_letter: (l) => {
      fields.deadLetter = readDeadLetter(context, l, owner);
    },
    timeout: (l) => {
      fields.timeoutSeconds = readTimeoutSeconds(context, l);
    },
  };
  readJobKeys(context, line.body, handlers, owner);
  // A trigger or schedule line that was wrong is already reported; one error is enough.
  const attempted = line.body.some((l) => l.head.text === "trigger" || l.head.text === "schedule");
  if (fields.triggers.length === 0 && fields.cron === undefined && !attempted) {
    report(context, "job/noTrigger", `${owner} has no 'trigger:' or 'schedule:': nothing ` +
      "would run it", header.span,
      "add e.g. 'trigger: on_create Order' or 'schedule: cron(\"0 1 * * *\")'");
  }
  if (fields.triggers.length === 0 && fields.cron === undefined) return undefined;
  return {
    name,
    ...(header.title !== undefined ? { title: header.title } : {}),
    ...(fields.run !== undefined ? { run: fields.run } : {}),
    triggers: fields.triggers,
    ...(fields.cron ?
      {
        schedule: { cron: fields.cron.cron, span: fields.cron.span,
          ...(fields.timezone !== undefined ? { timezone: fields.timezone } : {}) },
      } :
      {}),
    retry: fields.retry ?? retryDefault,
    retryBackoff: fields.retryBackoff ?? "exponential",
    ...(fields.deadLetter !== undefined ? { deadLetter: fields.deadLetter } : {}),
    timeoutSeconds: fields.timeoutSeconds ?? timeoutSecondsDefault,
    span: line.span,
  };
}

function readJobKeys(
  context: LowerContext,
  lines: readonly Line[],
  handlers: Readonly<Record<string, (l: Line) => void>>,
  owner: string,
): void {
  const seen = new Set<string>();
  const known = Object.keys(handlers);
  for (const line of lines) {
    const key = line.head.text;
    const handler = Object.hasOwn(handlers, key) && line.hasColon && !line.isListItem &&
        line.arguments.length === 0 ?
      handlers[key] :
      undefined;
    if (handler === undefined) {
      const guess = closestName(line.keyText, known);
      report(context, "keys/ignoredKey", `'${line.keyText}' is not a key of ${owner}; it is ` +
        "ignored", line.keySpan,
        guess ? `did you mean '${guess}'?` : `job keys: ${known.join(", ")}`);
      continue;
    }
    if (seen.has(key) && key !== "trigger") {
      report(context, "keys/duplicateKey", `'${key}' is given twice in ${owner}`, line.keySpan,
        "keep one of them");
      continue;
    }
    seen.add(key);
    handler(line);
  }
}

/** `on_create Entity [when …]`, `on_field_changed Entity.field [when …]`. */
function readTrigger(context: LowerContext, line: Line, owner: string): JobTrigger | undefined {
  const [eventAtom, entityAtom, ...rest] = line.value;
  const event = eventAtom !== undefined && Object.hasOwn(triggerEvents, eventAtom.text)
    ? triggerEvents[eventAtom.text as keyof typeof triggerEvents] :
    undefined;
  if (event === undefined || entityAtom?.kind !== "identifier") {
    const guess = eventAtom ? closestName(eventAtom.text, Object.keys(triggerEvents)) : undefined;
    report(context, "value/malformed", `'trigger' must be an entity event such as ` +
      `'on_create Order' or 'on_field_changed Order.status', found '${valueText(line)}'`,
      line.valueSpan ?? line.keySpan, guess && guess !== eventAtom?.text
      ? `did you mean '${guess}'?` :
      `events: ${Object.keys(triggerEvents).join(", ")}`);
    return undefined;
  }
  let afterEntity = rest;
  let field: string | undefined;
  if (rest[0]?.text === "." && rest[1]?.kind === "identifier") {
    field = rest[1].text;
    afterEntity = rest.slice(2);
  }
  if (event === "field_changed" && field === undefined) {
    const next = afterEntity[0]?.kind === "identifier" && afterEntity[0].text !== "when"
      ? afterEntity[0].text :
      "<field>";
    report(context, "value/malformed", `'on_field_changed' needs the field after a dot: ` +
      `'on_field_changed ${entityAtom.text}.${next}'`, entityAtom.span);
    return undefined;
  }
  const whenAtom = afterEntity[0];
  if (whenAtom !== undefined && (whenAtom.text !== "when" || afterEntity.length < 2)) {
    report(context, "value/malformed", `after the entity, a trigger takes only ` +
      `'when <condition>', found '${afterEntity.map((atom) => atom.text).join(" ")}'`,
      whenAtom.span);
    return undefined;
  }
  context.references.push(field === undefined
    ? { kind: "entity", name: entityAtom.text, span: entityAtom.span, usedBy: owner }
    : { kind: "entityField", entity: entityAtom.text, field, span: entityAtom.span,
      usedBy: owner });
  const condition = whenAtom ? textAfter(line, whenAtom.span) : undefined;
  return { event, entity: entityAtom.text, ...(field !== undefined ? { field } : {}),
    ...(condition ? { when: condition } : {}), span: line.span };
}

/** The line's value text after `span` (the `when` condition, as written). */
function textAfter(line: Line, span: Line["span"]): string {
  const valueSpan = line.valueSpan;
  const text = valueText(line);
  if (valueSpan === undefined || valueSpan.line !== span.endLine) return text;
  return (line.valueText ?? "").slice(span.endColumn - valueSpan.column).trim();
}

/** `cron("0 1 * * *")`: the only schedule form of a job. */
function readCronCall(
  context: LowerContext,
  line: Line,
): { readonly cron: string; readonly span: Line["span"] } | undefined {
  const [head, call] = line.value;
  const inner = call?.kind === "parenthesized" ? call.text.slice(1, -1).trim() : "";
  const quoted = /^("[^"]*"|'[^']*')$/.test(inner);
  if (head?.text !== "cron" || line.value.length !== 2 || !quoted) {
    report(context, "value/invalidCron", `a job's 'schedule' must be cron("…") with a ` +
      `quoted 5-field cron expression, found '${valueText(line)}'`, line.valueSpan ?? line.keySpan,
      "for example: schedule: cron(\"0 1 * * *\")");
    return undefined;
  }
  return { cron: unquote(inner).trim(), span: line.span };
}

function readDeadLetter(context: LowerContext, line: Line, owner: string): string | undefined {
  const atom = line.value[0];
  if (line.value.length !== 1 || atom?.kind !== "identifier") {
    report(context, "value/malformed", `'dead_letter' must name the entity that records ` +
      `exhausted runs, found '${valueText(line)}'`, line.valueSpan ?? line.keySpan);
    return undefined;
  }
  context.references.push({ kind: "entity", name: atom.text, span: atom.span,
    usedBy: `${owner} (dead_letter)` });
  return atom.text;
}

/** `60s`, `5m`, `1h`, `2d` or whole seconds, 1 s to 1 day (the original's rules). */
function readTimeoutSeconds(context: LowerContext, line: Line): number | undefined {
  const atom = line.value[0];
  const match = line.value.length === 1 && atom !== undefined
    ? /^([0-9]+)([smhd]?)$/.exec(atom.text) :
    null;
  if (!match || (atom!.kind !== "number" && atom!.kind !== "duration")) {
    report(context, "value/invalidDuration", `a job's 'timeout' must be a duration with ` +
      `s, m, h or d (60s, 5m, 1h) or whole seconds, found '${valueText(line)}'`,
      line.valueSpan ?? line.keySpan);
    return undefined;
  }
  const seconds = Number(match[1]) * timeoutUnitSeconds[match[2] || "s"]!;
  if (seconds < timeoutSecondsRange.min || seconds > timeoutSecondsRange.max) {
    report(context, "value/outOfRange", `'timeout' is ${atom!.text}, outside 1 s–1 d ` +
      "(a job attempt's limit)", atom!.span);
    return undefined;
  }
  return seconds;
}

function pushDefined<T>(list: T[], item: T | undefined): void {
  if (item !== undefined) list.push(item);
}
