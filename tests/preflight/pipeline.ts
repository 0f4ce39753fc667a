/**
 * Test fixture: the real pipeline (dazzle.toml text → DeployConfig, AppSpec → planDeployment →
 * synthesize), so every check fires from a config or DSL change, as a user would cause it.
 * The AppSpec is written as data because the DSL front end is still a stub; it mirrors the
 * embedded example (a ledger, a queue channel, an entity with a file field).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDeployConfig } from "../../config/index.ts";
import type { AppSpec } from "../../ir/appspec.ts";
import type { AWSRequirements } from "../../ir/aws-requirements.ts";
import type { DeployConfig } from "../../ir/deploy-config.ts";
import type { Span } from "../../ir/span.ts";
import { planDeployment } from "../../plan/index.ts";
import type { PreflightStack } from "../../preflight/types.ts";
import { synthesize } from "../../synth/index.ts";

process.env["AWS_EC2_METADATA_DISABLED"] = "true";
process.env["AWS_ACCESS_KEY_ID"] = "testing";
process.env["AWS_SECRET_ACCESS_KEY"] = "testing";

export const exampleToml = readFileSync(join(import.meta.dir, "../../example/dazzle.toml"), "utf8");

const span = (line: number): Span => ({ file: "dsl/app.dsl", line, column: 1, endLine: line,
  endColumn: 10 });

export interface AppShape {
  readonly ledger?: boolean;
  readonly queue?: boolean;
}

export function walletAppSpec(shape: AppShape = {}): AppSpec {
  const ledger = shape.ledger ?? true;
  const queue = shape.queue ?? true;
  return {
    app: { name: "wallet", title: "Wallet", properties: [], span: span(6) },
    modules: [],
    entities: [{ name: "KycDocument", blocks: [], span: span(20), fields: [
      { name: "id", type: { kind: "scalar", base: "uuid", args: [] }, modifiers: ["pk"],
        span: span(21) },
      { name: "scan", type: { kind: "file", base: "file" }, modifiers: ["required"],
        span: span(22) },
    ] }],
    ledgers: ledger ? [{ name: "CustomerWallet", accountCode: 2001, ledgerId: 826,
      accountType: "liability", currency: "GBP", flags: [], tenantScoped: true,
      metadataMapping: [], span: span(30) }] : [],
    transactions: [],
    channels: queue ? [{ name: "payouts", kind: "queue", config: [], sends: [],
      receives: [{ name: "process_payout", span: span(41) }], span: span(40) }] : [],
    schedules: [], services: [], webhooks: [], others: [],
  };
}

/**
 * Set `key = value` in `[section]` of a dazzle.toml text (value as TOML source), replacing the
 * key's line or adding it under the header.
 */
export function setKey(toml: string, section: string, key: string, value: string): string {
  const lines = toml.split("\n");
  const header = lines.findIndex((line) => line.trim() === `[${section}]`);
  if (header < 0) return `${toml}\n[${section}]\n${key} = ${value}\n`;
  let end = lines.findIndex((line, i) => i > header && line.trim().startsWith("["));
  if (end < 0) end = lines.length;
  const existing = lines.findIndex((line, i) => i > header && i < end &&
    new RegExp(`^\\s*${key}\\s*=`).test(line));
  if (existing >= 0) lines[existing] = `${key} = ${value}`;
  else lines.splice(header + 1, 0, `${key} = ${value}`);
  return lines.join("\n");
}

export interface Deployment {
  readonly config: DeployConfig;
  readonly aws: AWSRequirements;
  readonly stacks: PreflightStack[];
  readonly toml: string;
  /** Set when a stack refused the plan: `stacks` is then empty. */
  readonly synthError?: string;
}

export function deploy(toml: string, appSpec: AppSpec = walletAppSpec()): Deployment {
  const parsed = parseDeployConfig(toml, "dazzle.toml", { dazzleVersion: "0.1.0" });
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (parsed.config === undefined || errors.length > 0) {
    throw new Error(`fixture config invalid: ${JSON.stringify(parsed.diagnostics)}`);
  }
  const plan = planDeployment(appSpec, parsed.config, { projectName: "wallet",
    dazzleVersion: "0.1.0" });
  if (plan.diagnostics.some((d) => d.severity === "error")) {
    throw new Error(`fixture plan invalid: ${JSON.stringify(plan.diagnostics)}`);
  }
  const outDir = mkdtempSync(join(tmpdir(), "dazzle-preflight-test-"));
  try {
    const result = synthesize(plan.aws, { outDir });
    return { config: parsed.config, aws: plan.aws, toml,
      stacks: result.stacks as unknown as PreflightStack[] };
  } catch (error) {
    return { config: parsed.config, aws: plan.aws, toml, stacks: [],
      synthError: (error as Error).message };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The line (1-based) of `key =` in a TOML text: where a finding should point. */
export function lineOf(toml: string, key: string): number {
  return toml.split("\n").findIndex((line) => new RegExp(`^\\s*${key}\\s*=`).test(line)) + 1;
}
