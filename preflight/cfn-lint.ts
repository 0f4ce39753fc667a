/**
 * Optional stage: `cfn-lint` over the synthesized templates, its findings mapped onto ours
 * (Error → high, Warning → warn, Informational → info), rule IDs prefixed `CFN_LINT_`.
 * The process is injected (`ToolRunner`) so tests and the CLI decide how it runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { StageStatus } from "./report/model.ts";
import { checkerStageFailed } from "./stage-findings.ts";
import { severityRank, type Finding, type PreflightStack, type Severity } from "./types.ts";

export interface ToolResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export type ToolRunner = (
  command: string,
  args: readonly string[],
  options: { readonly timeoutMs: number },
) => Promise<ToolResult>;

/** cfn-lint takes ~7 s for six templates here; a hung process must not hang preflight. */
const cfnLintTimeoutMs = 120_000;
/**
 * cfn-lint's exit code is a bit mask of the levels it found (2 error, 4 warning, 8 info); the
 * bit 1 means it failed (a crash, a template it could not read), and nothing above 15 is defined.
 */
const failedBit = 1;
const exitCodeMax = 15;

/**
 * cfn-lint rules that judge a choice we make on purpose, each with the reason; everything else
 * it reports reaches the user.
 */
const cfnLintChecksIgnored: readonly { readonly id: string; readonly reason: string }[] = [
  { id: "W3010", reason: "AZ names are literal on purpose: each TigerBeetle data volume must be " +
    "created in the AZ of its replica's subnet, and plan shows the placement before deploy" },
  { id: "W3005", reason: "aws-cdk-lib adds a DependsOn next to a Ref between an ECS service " +
    "and its listener; redundant, harmless, and not ours to remove" },
];

const levelSeverity: Readonly<Record<string, Severity>> = {
  Error: "high",
  Warning: "warn",
  Informational: "info",
};

interface CfnLintMatch {
  readonly Filename?: string;
  readonly Level?: string;
  readonly Message?: string;
  readonly Rule?: { readonly Id?: string; readonly ShortDescription?: string;
    readonly Source?: string };
  readonly Location?: { readonly Path?: readonly unknown[] };
}

export async function runCfnLint(
  runner: ToolRunner,
  cfnLintPath: string,
  stacks: readonly PreflightStack[],
  region: string,
): Promise<{ findings: Finding[]; status: StageStatus }> {
  const folder = mkdtempSync(join(tmpdir(), "dazzle-cfn-lint-"));
  try {
    const files = stacks.map((stack) => {
      const path = join(folder, `${stack.id}.template.json`);
      writeFileSync(path, JSON.stringify(stack.template, null, 1));
      return path;
    });
    const result = await runner(cfnLintPath, ["--format", "json", "--regions", region,
      "--ignore-checks", ...cfnLintChecksIgnored.map((check) => check.id), "--", ...files], {
      timeoutMs: cfnLintTimeoutMs,
    });
    const { exitCode } = result;
    if (exitCode === null || (exitCode & failedBit) !== 0 || exitCode > exitCodeMax) {
      const why = (result.stderr.trim().split("\n").pop() ?? "").slice(0, 200);
      return failed(
        `${cfnLintPath} ${
          exitCode === null ? "did not finish (timed out or could not start)" : `exited ${exitCode}`
        }: ${why}`,
      );
    }
    let report: CfnLintReport;
    try {
      report = parseCfnLintJson(result.stdout);
    } catch (error) {
      return failed(`${cfnLintPath} printed no report that could be read ` +
        `(${error instanceof Error ? error.message : String(error)})`);
    }
    const { findings, matchCount } = report;
    const counted = `${matchCount} finding${matchCount === 1 ? "" : "s"}`;
    return { findings,
      status: { name: "cfn-lint", status: "ran", detail: findings.length === matchCount ?
        counted :
        `${counted}; the ${findings.length} most severe are reported` } };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function failed(detail: string): { findings: Finding[]; status: StageStatus } {
  return checkerStageFailed("cfn-lint", detail,
    `cfn-lint could not check the templates: ${detail}`);
}

/** Most cfn-lint findings reported; past it, the most severe are kept and the stage says so. */
const cfnLintFindingsMax = 1000;

export interface CfnLintReport {
  readonly findings: Finding[];
  /** How many matches cfn-lint printed (more than `findings` when some were left out). */
  readonly matchCount: number;
}

/** Pure: cfn-lint's `--format json` output → findings; throws when it is not such a report. */
export function parseCfnLintJson(stdout: string): CfnLintReport {
  const parsed = JSON.parse(stdout.trim() === "" ? "[]" : stdout) as unknown;
  if (!Array.isArray(parsed)) throw new Error("the output is not a JSON array");
  const matches = parsed as CfnLintMatch[];
  // Sorted before the cut (stable, so cfn-lint's order within a severity stays): what is left
  // out is never worse than what is reported.
  const findings = matches.map(toFinding)
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity))
    .slice(0, cfnLintFindingsMax);
  return { findings, matchCount: matches.length };
}

function toFinding(match: CfnLintMatch): Finding {
  const path = match.Location?.Path ?? [];
  const logicalId = path[0] === "Resources" && typeof path[1] === "string" ? path[1] : undefined;
  const stack = basename(match.Filename ?? "").replace(/\.template\.json$/, "");
  const rule = match.Rule?.Id ?? "unknown";
  return {
    ruleId: `CFN_LINT_${rule}`,
    severity: levelSeverity[match.Level ?? ""] ?? "warn",
    message: `cfn-lint ${rule}: ${match.Message ?? ""}` +
      (path.length > 2 ? ` (at ${path.slice(2).join(".")})` : ""),
    remediation: `See ${match.Rule?.Source ?? "the cfn-lint rule documentation"}; the ` +
      "template is generated, so report it if no dazzle.toml setting explains it.",
    ...(stack === "" ? {} : { stack }),
    ...(logicalId === undefined ? {} : { logicalId }),
  };
}
