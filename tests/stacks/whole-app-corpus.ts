/**
 * The real DSL corpus (/work/shared/dsl-corpus) as AppSpecs. Each project's `.dsl` files (at
 * the project's top level, not under `dsl/`) go through the frontend's `loadSources`. If the
 * frontend cannot produce an AppSpec for one, a hand-built AppSpec with the same
 * deploy-relevant constructs stands in, and `source` says which one a test used.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AppSpec } from "../../ir/appspec.ts";
import { hasErrors } from "../../diagnostics/diagnostic.ts";
import { loadSources } from "../../frontend/index.ts";
import { channel, emptyAppSpec, entity, ledger, schedule, span } from "../plan/fixtures.ts";

export const corpusDir = process.env["DAZZLE_DSL_CORPUS"] ?? "/work/shared/dsl-corpus";

export interface CorpusProject {
  readonly name: string;
  readonly appSpec: AppSpec;
  readonly source: "frontend" | "hand-built";
}

const app = (name: string) => ({ name, properties: [], span: span() });

const handBuilt: Readonly<Record<string, AppSpec>> = {
  simple_task: {
    ...emptyAppSpec, app: app("simple_task"),
    entities: ["User", "Task", "TaskComment", "TaskBrief"].map((name) => entity(name)),
    channels: [channel("notifications", "email"), channel("digests", "email"),
      channel("task_queue", "queue", { max_retries: "3", retry_delay_seconds: "60" })],
    schedules: [schedule("daily_overdue_check", "0 9 * * *"),
      schedule("weekly_team_report", "0 9 * * MON")],
  },
  acme_billing: {
    ...emptyAppSpec, app: app("acme_billing"),
    entities: ["Organization", "User", "Project", "Invoice", "LineItem", "InvoiceNote",
      "Membership"].map((name) => entity(name)),
  },
  fieldtest_hub: {
    ...emptyAppSpec, app: app("fieldtest_hub"),
    entities: ["Device", "Tester", "IssueReport", "IssueNote", "TestDocument", "TestSession",
      "FirmwareRelease", "Task"].map((name) => entity(name)),
    ledgers: [{ ...ledger("DeviceCost", 1, "GBP", 5100), accountType: "expense" },
      ledger("OperationsBudget", 1, "GBP", 1100)],
  },
};

export const corpusProjectNames = Object.keys(handBuilt);

export async function loadCorpusProject(name: string): Promise<CorpusProject> {
  const directory = join(corpusDir, name);
  if (existsSync(directory)) {
    const files = readdirSync(directory).filter((file) => file.endsWith(".dsl")).sort()
      .map((file) => ({ path: file, text: readFileSync(join(directory, file), "utf8") }));
    const loaded = await loadSources(files);
    if (loaded.appSpec.app !== undefined && !hasErrors(loaded.diagnostics)) {
      return { name, appSpec: loaded.appSpec, source: "frontend" };
    }
  }
  return { name, appSpec: handBuilt[name]!, source: "hand-built" };
}
