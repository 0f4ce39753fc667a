/**
 * The top-level construct keywords of the original Dazzle language (its parser's dispatch in
 * `dsl_parser_impl/__init__.py` and the constructs its later versions added). Dazzle interprets
 * some of them and keeps the rest structurally; a top-level word close to one of them but not
 * one of them is most likely a typo (`entiy`), which the original would skip silently.
 */
export const constructKeywords: readonly string[] = [
  "app",
  "archetype",
  "entity",
  "surface",
  "experience",
  "service",
  "foreign_model",
  "integration",
  "test",
  "workspace",
  "flow",
  "persona",
  "scenario",
  "story",
  "rhythm",
  "rule",
  "question",
  "message",
  "channel",
  "asset",
  "document",
  "template",
  "demo",
  "event_model",
  "subscribe",
  "project",
  "stream",
  "hless",
  "policies",
  "tenancy",
  "interfaces",
  "data_products",
  "llm_model",
  "llm_config",
  "llm_intent",
  "process",
  "schedule",
  "ledger",
  "transaction",
  "enum",
  "view",
  "webhook",
  "approval",
  "sla",
  "island",
  "notification",
  "grant_schema",
  "job",
  "nav",
  "guide",
  "feedback_widget",
  "aggregate",
  "analytics",
];

/**
 * Kept-but-uninterpreted constructs whose first word is their own name, unique per keyword (the
 * framework addresses them by it). Others are not: `subscribe task_events as tracker` names a
 * topic, which many subscriptions share.
 */
export const uniquelyNamedConstructs: ReadonlySet<string> = new Set([
  "surface",
  "workspace",
  "process",
  "persona",
  "story",
  "nav",
]);
