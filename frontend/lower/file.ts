/**
 * Lowering of one file's top-level lines: each keyword to its typed IR node, everything else to
 * a generic construct. Nothing is dropped.
 */
import { closestName } from "../../diagnostics/render.ts";
import type { AppDeclaration, Channel, Entity, ExternalService, GenericConstruct, Job, Ledger,
  ModuleInfo, Schedule, Transaction, Webhook } from "../../ir/appspec.ts";
import type { FileSyntax, Line } from "../cst.ts";
import { lowerChannel } from "./channel.ts";
import { constructKeywords } from "./construct-keywords.ts";
import { report, type LowerContext } from "./context.ts";
import { lowerEntity } from "./entity.ts";
import { lowerGenericConstruct, lowerGenericNode, lowerProperties } from "./generic.ts";
import { lowerJob } from "./job.ts";
import { readHeader, requireName } from "./keyed-block.ts";
import { lowerLedger } from "./ledger.ts";
import { lowerSchedule } from "./schedule.ts";
import { lowerTransaction } from "./transaction.ts";

/** The typed parts of an AppSpec, as mutable lists that files append to. */
export interface AppSpecParts {
  app?: AppDeclaration;
  readonly modules: ModuleInfo[];
  readonly entities: Entity[];
  readonly ledgers: Ledger[];
  readonly transactions: Transaction[];
  readonly channels: Channel[];
  readonly schedules: Schedule[];
  readonly jobs: Job[];
  readonly services: ExternalService[];
  readonly webhooks: Webhook[];
  readonly others: GenericConstruct[];
}

export function emptyAppSpecParts(): AppSpecParts {
  return { modules: [], entities: [], ledgers: [], transactions: [], channels: [], schedules: [],
    jobs: [], services: [], webhooks: [], others: [] };
}

export function lowerFile(
  context: LowerContext,
  parts: AppSpecParts,
  file: string,
  syntax: FileSyntax,
): void {
  parts.modules.push({
    ...(syntax.module ? { name: syntax.module.name } : {}),
    file,
    uses: syntax.uses.map((use) => ({ ...use })),
    span: syntax.module?.span ?? { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
  });
  for (const line of syntax.lines) lowerTopLevel(context, parts, line);
}

/** One function per keyword; `default` keeps anything else structurally. */
function lowerTopLevel(context: LowerContext, parts: AppSpecParts, line: Line): void {
  const keyword = line.head.kind === "identifier" && !line.isListItem ? line.head.text : "";
  switch (keyword) {
    case "app":
      return lowerApp(context, parts, line);
    case "entity":
      return push(parts.entities, lowerEntity(context, line));
    case "ledger":
      return push(parts.ledgers, lowerLedger(context, line));
    case "transaction":
      return push(parts.transactions, lowerTransaction(context, line));
    case "channel":
      return push(parts.channels, lowerChannel(context, line));
    case "job":
      return push(parts.jobs, lowerJob(context, line));
    case "schedule": {
      const schedule = lowerSchedule(context, line);
      if (schedule === "noTrigger") parts.others.push(lowerGenericConstruct(line));
      else push(parts.schedules, schedule);
      return;
    }
    case "service":
      return push(parts.services, lowerService(context, line));
    case "webhook":
      return push(parts.webhooks, lowerService(context, line));
    default:
      if (keyword !== "") warnIfMisspeltKeyword(context, line, keyword);
      parts.others.push(lowerGenericConstruct(line));
  }
}

/** `entiy Foo "Foo":` is kept (as the original would skip it), but said to be a likely typo. */
function warnIfMisspeltKeyword(context: LowerContext, line: Line, keyword: string): void {
  if (constructKeywords.includes(keyword)) return;
  // Short words are close to many others: only a one-letter slip counts for them.
  const guess = closestName(keyword, constructKeywords, keyword.length < 5 ? 1 : 2);
  if (guess === undefined) return;
  report(context, "names/unknownConstruct", `'${keyword}' is not a construct keyword; this ` +
    "block is kept but not interpreted", line.head.span, `did you mean '${guess}'?`);
}

function push<T>(list: T[], item: T | undefined): void {
  if (item !== undefined) list.push(item);
}

function lowerApp(context: LowerContext, parts: AppSpecParts, line: Line): void {
  const header = readHeader(line);
  const name = requireName(context, header);
  if (name === undefined) return;
  if (parts.app) {
    const first = parts.app.span;
    report(context, "names/duplicateName",
      `app '${name}' is declared again (first at ${first.file}:${first.line}:${first.column})`,
      header.span, "a project declares its app once");
    return;
  }
  parts.app = { name, ...(header.title !== undefined ? { title: header.title } : {}),
    properties: lowerProperties(line.body), span: line.span };
}

/** `service` and `webhook`: properties for the plan, the whole body kept structurally. */
function lowerService(context: LowerContext, line: Line): ExternalService | undefined {
  const header = readHeader(line);
  const name = requireName(context, header);
  if (name === undefined) return undefined;
  return { name, ...(header.title !== undefined ? { title: header.title } : {}),
    properties: lowerProperties(line.body), body: line.body.map(lowerGenericNode),
    span: line.span };
}
