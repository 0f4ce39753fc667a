/**
 * `channel name "Title":` → Channel (email, queue or stream).
 */
import type { Channel, Property } from "../../ir/appspec.ts";
import type { Span } from "../../ir/span.ts";
import type { Line } from "../cst.ts";
import type { LowerContext } from "./context.ts";
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
    sends: { name: string; span: Span }[]; receives: { name: string; span: Span }[] } =
    { config: [], sends: [], receives: [] };
  dispatchKeys(context, line.body, {
    kind: { handle: (l) => { fields.kind = readChoice(context, l, channelKinds); } },
    provider: { handle: (l) => { fields.provider = unquote(valueText(l)); } },
    intent: { handle: () => {} },
    description: { handle: () => {} },
    config: { handle: (l) => { fields.config = lowerProperties(l.body); } },
    // Provider tuning (max_per_minute, ...): not infrastructure, accepted and not interpreted.
    provider_config: { handle: () => {} },
    send: { takesName: true, handle: (l) => {
      fields.sends.push({ name: l.arguments[0]!.text, span: l.span });
    } },
    receive: { takesName: true, handle: (l) => {
      fields.receives.push({ name: l.arguments[0]!.text, span: l.span });
    } },
  }, owner);
  return {
    name, ...(header.title !== undefined ? { title: header.title } : {}),
    // The original parser's default.
    kind: fields.kind ?? "email",
    ...(fields.provider !== undefined ? { provider: fields.provider } : {}),
    config: fields.config, sends: fields.sends, receives: fields.receives, span: line.span,
  };
}
