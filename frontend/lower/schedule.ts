/**
 * `schedule` constructs: those with a cron expression or an interval become Schedules
 * (EventBridge Scheduler schedules downstream), read in `timezone:` when given (the original's
 * default, UTC, otherwise). One without either is kept as a generic construct, with a warning,
 * because nothing would ever run it.
 */
import type { Schedule } from "../../ir/appspec.ts";
import type { Line } from "../cst.ts";
import { report, type LowerContext } from "./context.ts";
import { readHeader, requireName } from "./keyed-block.ts";
import { readDurationMs, readTimeZone, unquote, valueText } from "./values.ts";

/** Keys that carry a cron expression (a string) or an interval (a duration). */
const triggerKeys = ["cron", "schedule", "every", "interval"] as const;
/** Standard cron has 5 fields; AWS/Quartz style adds seconds or year: 6. */
const cronFieldCounts = [5, 6] as const;

export function lowerSchedule(
  context: LowerContext,
  line: Line,
): Schedule | "noTrigger" | undefined {
  const header = readHeader(line);
  const name = requireName(context, header);
  if (name === undefined) return undefined;
  const trigger = line.body.find((child) =>
    (triggerKeys as readonly string[]).includes(child.keyText) && child.valueText !== undefined
  );
  if (!trigger) {
    report(context, "schedule/noTrigger",
      `${header.keyword} '${name}' has no 'cron' or 'every': nothing will run it`, header.span,
      `add e.g. cron: "0 2 * * *" or every: 24h`);
    return "noTrigger";
  }
  const zoneLine = line.body.find((child) => child.keyText === "timezone" && child.hasColon);
  const timezone = zoneLine ? readTimeZone(context, zoneLine) : undefined;
  const base = { keyword: header.keyword, name,
    ...(header.title !== undefined ? { title: header.title } : {}),
    ...(timezone !== undefined ? { timezone } : {}), span: line.span };
  const atom = trigger.value[0];
  if (atom?.kind === "duration" || atom?.kind === "number") {
    if (readDurationMs(context, trigger) === undefined) return undefined;
    return { ...base, expression: valueText(trigger), form: "rate" };
  }
  const expression = unquote(valueText(trigger)).trim();
  const fieldCount = expression.split(/\s+/).length;
  if (atom?.kind !== "string" || !(cronFieldCounts as readonly number[]).includes(fieldCount)) {
    report(context, "value/invalidCron",
      `'${trigger.keyText}' must be a quoted cron expression with 5 or 6 fields, ` +
        `found '${valueText(trigger)}'`, trigger.valueSpan ?? trigger.keySpan,
      `for example: cron: "0 2 * * *"`);
    return undefined;
  }
  return { ...base, expression, form: "cron" };
}
