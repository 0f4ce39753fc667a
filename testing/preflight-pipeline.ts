/**
 * Test fixture: the real pipeline (dazzle.toml text → DeployConfig; DSL files → loadSources →
 * AppSpec; planDeployment → synthesize), so every check fires from a config or DSL change, as
 * a user would cause it. The base is the embedded example project.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDeployConfig } from "../config/index.ts";
import { loadSources, type SourceFile } from "../frontend/index.ts";
import type { AWSRequirements } from "../ir/aws-requirements.ts";
import type { DeployConfig } from "../ir/deploy-config.ts";
import { planDeployment } from "../plan/index.ts";
import type { PreflightStack } from "../preflight/types.ts";
import { synthesize } from "../synth/index.ts";

process.env["AWS_EC2_METADATA_DISABLED"] = "true";
process.env["AWS_ACCESS_KEY_ID"] = "testing";
process.env["AWS_SECRET_ACCESS_KEY"] = "testing";

const exampleDir = join(import.meta.dir, "../example");

export const exampleToml = readFileSync(join(exampleDir, "dazzle.toml"), "utf8");

/** The example's DSL files, as the front end reads them (`dsl/<name>`, sorted). */
export const exampleSources: readonly SourceFile[] = readdirSync(join(exampleDir, "dsl")).sort()
  .map((name) => ({ path: `dsl/${name}`,
    text: readFileSync(join(exampleDir, "dsl", name), "utf8") })
  );

/** DSL edits a user would make: drop the ledgers file, or drop channels (and the schedule). */
export function withoutLedgers(files = exampleSources): SourceFile[] {
  return files.filter((file) => file.path !== "dsl/ledgers.dsl");
}

export function withoutChannels(files = exampleSources, dropSchedules = false): SourceFile[] {
  const pattern = dropSchedules ?
    /channel payouts[\s\S]*?(?=message )/ :
    /channel payouts[\s\S]*?(?=schedule )/;
  return files.map((file) =>
    file.path !== "dsl/messaging.dsl" ?
      file
      : { ...file, text: file.text.replace(pattern, "") }
  );
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
  const existing = lines.findIndex((line, i) =>
    i > header && i < end &&
    new RegExp(`^\\s*${key}\\s*=`).test(line)
  );
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

export async function deploy(
  toml: string,
  files: readonly SourceFile[] = exampleSources,
): Promise<Deployment> {
  const project = await loadSources(files);
  if (project.diagnostics.some((d) => d.severity === "error")) {
    throw new Error(`fixture DSL invalid: ${JSON.stringify(project.diagnostics)}`);
  }
  const appSpec = project.appSpec;
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
