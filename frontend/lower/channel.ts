/**
 * `channel name "Title":` → Channel (email, queue or stream).
 */
import type { Channel, ChannelSend, Property, ScheduleTiming } from "../../ir/appspec.ts";
import type { Line } from "../cst.ts";
import { report, type LowerContext } from "./context.ts";
import { lowerProperties } from "./generic.ts";
import { dispatchKeys, readHeader, requireName } from "./keyed-block.ts";
import { readChoice, unquote, valueText } from "./values.ts";

const channelKinds = ["email", "queue", "stream"] as const;

export function lowerChannel(context: LowerContext, line: Line): Channel | undefined {
  const header = readHeader(line);
  const name = requireName(context, header);
  if (name === undefined) return undefined;
  const owner = `channel '${name}'`;
  const fields: { kind?: Channel["kind"]; provider?: string; config: Property[];
    sends: ChannelSend[]; receives: Channel["receives"][number][] } = { config: [], sends: [],
      receives: [] };
  dispatchKeys(context, line.body, {
    kind: { handle: (l) => {
      fields.kind = readChoice(context, l, channelKinds);
    } },
    provider: { handle: (l) => {
      fields.provider = unquote(valueText(l));
    } },
    intent: { handle: () => {} },
    description: { handle: () => {} },
    config: { handle: (l) => {
      fields.config = lowerProperties(l.body);
    } },
    // Provider tuning (max_per_minute, ...): not infrastructure, accepted and not interpreted.
    provider_config: { handle: () => {} },
    send: { takesName: true, handle: (l) => {
      const schedule = readSendSchedule(context, l);
      fields.sends.push({ name: l.arguments[0]!.text, ...(schedule ? { schedule } : {}),
        span: l.span });
    } },
    receive: { takesName: true, handle: (l) => {
      fields.receives.push({ name: l.arguments[0]!.text, span: l.span });
    } },
  }, owner);
  return {
    name,
    ...(header.title !== undefined ? { title: header.title } : {}),
    // The original parser's default.
    kind: fields.kind ?? "email",
    ...(fields.provider !== undefined ? { provider: fields.provider } : {}),
    config: fields.config,
    sends: fields.sends,
    receives: fields.receives,
    span: line.span,
  };
}

/**
 * A send's `when: cron "0 9 * * *"` or `when: every 1h` (the original's schedule triggers): the
 * send then fires on that schedule. Other `when:` forms (entity or service events) are the
 * app's to act on and need no infrastructure.
 */
/** Units of `every N unit`, as the duration suffixes the rest of the language uses. */
const intervalUnits: Readonly<Record<string, string>> = {
  s: "s",
  seconds: "s",
  m: "m",
  min: "m",
  minutes: "m",
  h: "h",
  hours: "h",
  d: "d",
  days: "d",
};

function readSendSchedule(context: LowerContext, send: Line): ScheduleTiming | undefined {
  const when = send.body.find((line) => line.keyText === "when" && line.hasColon);
  const [head, ...rest] = when?.value ?? [];
  if (when === undefined || (head?.text !== "cron" && head?.text !== "every")) return undefined;
  if (head.text === "cron") {
    const expression = rest[0]?.kind === "string" && rest.length === 1
      ? unquote(rest[0].text).trim() :
      undefined;
    const fields = expression?.split(/\s+/).length ?? 0;
    if (expression === undefined || (fields !== 5 && fields !== 6)) {
      report(context, "value/invalidCron", "'when: cron' takes a quoted cron expression " +
        `with 5 or 6 fields, found '${valueText(when)}'`, when.valueSpan ?? when.keySpan,
        "for example: when: cron \"0 9 * * *\"");
      return undefined;
    }
    return { expression, form: "cron", span: when.span };
  }
  // `every 1h`, `every 30 minutes`, `every 90` (seconds, as the original reads a bare number).
  const written = rest.map((atom) => atom.text).join(" ");
  const match = /^([0-9]+) ?(s|seconds|m|min|minutes|h|hours|d|days)?$/.exec(written);
  if (match === null) {
    report(context, "value/invalidDuration", "'when: every' takes an interval such as 1h, " +
      `30 minutes or 7d, found '${valueText(when)}'`, when.valueSpan ?? when.keySpan);
    return undefined;
  }
  const unit = intervalUnits[match[2] ?? "s"]!;
  const interval = `${match[1]}${unit}`;
  return { expression: interval, form: "rate", span: when.span };
}
