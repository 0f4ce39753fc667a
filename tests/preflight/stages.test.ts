/**
 * Optional stages: aws-cdk-lib's built-in CloudFormation validation and cfn-lint, with their
 * findings mapped onto preflight severities.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readValidationReport } from "../../preflight/cdk-validation.ts";
import { parseCfnLintJson, runCfnLint } from "../../preflight/cfn-lint.ts";
import { runProcess } from "../../preflight/process-runner.ts";
import { runPreflight, summarize, type PreflightRequest } from "../../preflight/index.ts";
import { synthesize } from "../../synth/index.ts";
import { toolPaths } from "../../scripts/tools.ts";
import { deploy, exampleToml } from "../../testing/preflight-pipeline.ts";

const example = await deploy(exampleToml);
const cfnLint = toolPaths.cfnLint();

/** Preflight of the example, synthesized in process into a fresh folder. */
function preflightExample(
  options: Pick<PreflightRequest, "failOn" | "validation"> & { cfnLintPath?: string },
) {
  const outDir = mkdtempSync(join(tmpdir(), "dazzle-preflight-"));
  return runPreflight({
    config: example.config,
    aws: example.aws,
    dazzleVersion: "0.1.0",
    acknowledgements: [],
    runner: runProcess,
    templates: { source: "in-process", detail: "synthesized in process" },
    synthesize: (validation) => synthesize(example.aws, { outDir, validation }) as never,
    ...options,
  });
}

describe("cdk validation stage", () => {
  // The WASM validator takes 2–8 s on a shared 2-core machine.
  test("the example with --validate: the stage runs and adds no critical/high", async () => {
    const { report } = await preflightExample({ failOn: "high", validation: true });
    expect(report.stages.find((s) => s.name === "cdk-validation")?.status).toBe("ran");
    expect(report.findings.filter((f) => f.severity === "critical" || f.severity === "high"))
      .toEqual([]);
  }, 60_000);

  test("violations map to findings: F/E rules high, W warn, resource named", () => {
    const outDir = mkdtempSync(join(tmpdir(), "dazzle-validate-"));
    const construct = (logicalId: string) => ({ cloudFormationResource: {
      templatePath: "TigerBeetle.template.json",
      logicalId,
    } });
    writeFileSync(join(outDir, "validation-report.json"), JSON.stringify({ pluginReports: [{
      violations: [
        { ruleName: "F3012", description: "Iops: 'x' is not of type 'integer'",
          violatingConstructs: [construct("Volume0")] },
        { ruleName: "W3010", description: "Avoid hardcoding availability zones",
          violatingConstructs: [construct("Volume1")] },
      ],
    }] }));
    const { findings, status } = readValidationReport(outDir, example.stacks);
    expect(findings.map((f) => [f.ruleId, f.severity, f.stack, f.logicalId])).toEqual([
      ["CDK_VALIDATION_F3012", "high", "TigerBeetle", "Volume0"],
      ["CDK_VALIDATION_W3010", "warn", "TigerBeetle", "Volume1"],
    ]);
    expect(status).toEqual({ name: "cdk-validation", status: "ran", detail: "2 findings" });
  });

  // aws-cdk-lib writes the report whenever its validation ran, violations or not.
  test("a missing or unreadable report is a critical CHECKER_FAILED, never a pass", () => {
    const outDir = mkdtempSync(join(tmpdir(), "dazzle-validate-"));
    const missing = readValidationReport(outDir, example.stacks);
    writeFileSync(join(outDir, "validation-report.json"), "{\"pluginReports\": [{\"violat");
    const truncated = readValidationReport(outDir, example.stacks);
    writeFileSync(join(outDir, "validation-report.json"), "{\"pluginReports\": 7}");
    const otherShape = readValidationReport(outDir, example.stacks);
    for (const result of [missing, truncated, otherShape]) {
      expect(result.status.status).toBe("failed");
      expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([
        ["CHECKER_FAILED", "critical"],
      ]);
    }
    expect(missing.findings[0]!.message).toBe(
      "aws-cdk-lib wrote no validation-report.json, so its validation did not run",
    );
    expect(truncated.findings[0]!.message)
      .toStartWith("aws-cdk-lib's validation-report.json could not be read: ");
  });
});

describe("cfn-lint stage", () => {
  test("cfn-lint JSON maps Error → high, Warning → warn, with stack and logical id", () => {
    const { findings } = parseCfnLintJson(JSON.stringify([
      { Filename: "/tmp/x/TigerBeetle.template.json", Level: "Error", Message: "'gp9' is bad",
        Rule: { Id: "E3030", Source: "https://example.invalid/E3030" },
        Location: { Path: ["Resources", "Volume0", "Properties", "VolumeType"] } },
      { Filename: "/tmp/x/Data.template.json", Level: "Warning", Message: "deprecated",
        Rule: { Id: "W3690" }, Location: { Path: ["Resources", "Database", "Properties"] } },
    ]));
    expect(findings.map((f) => [f.ruleId, f.severity, f.stack, f.logicalId])).toEqual([
      ["CFN_LINT_E3030", "high", "TigerBeetle", "Volume0"],
      ["CFN_LINT_W3690", "warn", "Data", "Database"],
    ]);
    expect(findings[0]!.message).toContain("(at Properties.VolumeType)");
  });

  test("past 1,000 matches the most severe are kept, and the count says how many there were",
    () => {
      const match = (level: string, id: string) => ({ Filename: "/tmp/x/Data.template.json",
        Level: level, Message: "m", Rule: { Id: id }, Location: { Path: ["Resources", "R"] } });
      const report = parseCfnLintJson(JSON.stringify([
        ...Array.from({ length: 1500 }, () => match("Informational", "I1")),
        match("Error", "E1"),
        ...Array.from({ length: 10 }, () => match("Warning", "W1")),
      ]));
      expect(report.matchCount).toBe(1511);
      expect(report.findings.length).toBe(1000);
      expect(report.findings.slice(0, 12).map((f) => f.ruleId)).toEqual(["CFN_LINT_E1",
        ...Array(10).fill("CFN_LINT_W1"), "CFN_LINT_I1"]);
    });

  const hasCfnLint = existsSync(cfnLint);
  test.skipIf(!hasCfnLint)("the pinned cfn-lint finds an invalid volume type", async () => {
    const stack = structuredClone(example.stacks.find((s) => s.id === "TigerBeetle")!);
    const [logicalId, volume] = Object.entries(stack.template.Resources!)
      .find(([, r]) => r.Type === "AWS::EC2::Volume")!;
    (volume.Properties as Record<string, unknown>)["VolumeType"] = "gp9";
    const result = await runCfnLint(runProcess, cfnLint, [stack], "eu-west-2");
    expect(result.status.status).toBe("ran");
    const error = result.findings.find((f) => f.ruleId === "CFN_LINT_E3030");
    expect(error?.severity).toBe("high");
    expect(error?.logicalId).toBe(logicalId);
  }, 60_000); // cfn-lint starts a Python interpreter: 2–7 s here.

  test("a cfn-lint that cannot start is a critical CHECKER_FAILED, not a crash or a pass",
    async () => {
      const result = await runCfnLint(runProcess, "/nonexistent/cfn-lint",
        example.stacks.slice(0, 1), "eu-west-2");
      expect(result.status.status).toBe("failed");
      expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([
        ["CHECKER_FAILED", "critical"],
      ]);
      expect(result.findings[0]!.message).toStartWith(
        "cfn-lint could not check the templates: /nonexistent/cfn-lint did not finish",
      );
    });

  // Real processes: a cfn-lint stand-in script per way of failing.
  const failures: readonly (readonly [string, string, string])[] = [
    ["crashes (exit 1)", "echo 'Traceback: boom' >&2; exit 1", "exited 1: Traceback: boom"],
    ["exits with an undefined code", "echo '[]'; exit 64", "exited 64"],
    ["found errors and failed (exit 3)", "echo '[]'; exit 3", "exited 3"],
    ["prints no JSON", "echo 'Segmentation fault'; exit 0", "printed no report"],
    ["prints JSON that is no report", "echo '{\"a\": 1}'; exit 2", "printed no report"],
  ];
  for (const [what, script, message] of failures) {
    test(`a cfn-lint that ${what} is a critical CHECKER_FAILED`, async () => {
      const folder = mkdtempSync(join(tmpdir(), "dazzle-fake-cfn-lint-"));
      const path = join(folder, "cfn-lint");
      writeFileSync(path, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
      const result = await runCfnLint(runProcess, path, example.stacks.slice(0, 1), "eu-west-2");
      expect(result.status.status).toBe("failed");
      expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([
        ["CHECKER_FAILED", "critical"],
      ]);
      expect(result.findings[0]!.message).toContain(message);
    });
  }

  test("a CHECKER_FAILED fails preflight even with --fail-on critical", async () => {
    const folder = mkdtempSync(join(tmpdir(), "dazzle-fake-cfn-lint-"));
    const path = join(folder, "cfn-lint");
    writeFileSync(path, "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    const { report } = await preflightExample({ failOn: "critical", validation: false,
      cfnLintPath: path });
    expect(summarize(report)).toMatchObject({ passed: false, failing: 1 });
    expect(report.stages.find((s) => s.name === "cfn-lint")?.status).toBe("failed");
    expect(report.rules.find((r) => r.id === "CHECKER_FAILED")?.severity).toBe("critical");
  }, 60_000);
});
