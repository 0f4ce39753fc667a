/**
 * Report formats and acknowledgements: JSON and SARIF validate against their schemas (SARIF:
 * the OASIS 2.1.0 schema as shipped in @microsoft/jest-sarif, vendored in schemas/), GitHub
 * annotations are well-formed, and acknowledged findings stay visible but stop failing.
 */
import { describe, expect, test } from "bun:test";
import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyAcknowledgements, parseAcknowledgements } from "../../preflight/acknowledgements.ts";
import { runRules } from "../../preflight/engine.ts";
import { invalidProjectReport } from "../../preflight/invalid-project.ts";
import { renderGithub } from "../../preflight/report/github.ts";
import { renderJson } from "../../preflight/report/json.ts";
import { summarize, type PreflightReport } from "../../preflight/report/model.ts";
import { renderSarif } from "../../preflight/report/sarif.ts";
import { renderText } from "../../preflight/report/text.ts";
import { rules } from "../../preflight/rules/index.ts";
import { deploy, exampleToml, setKey } from "../../testing/preflight-pipeline.ts";

const toml = setKey(setKey(exampleToml, "deploy.tigerbeetle", "volume_iops", "4000"),
  "deploy.tigerbeetle", "size", "\"t3.medium\"");
const findings = runRules(await deploy(toml));
const volume = findings.find((f) => f.ruleId === "TB_LOW_IOPS")!;

const acknowledgementText = `# accepted risks
[[acknowledge]]
check = "TB_LOW_IOPS"
resource = "${volume.stack}/${volume.logicalId}"
reason = "load test: 4,000 IOPS is enough for replica 0 (OPS-12)"
`;

function report(acknowledgements = parseAcknowledgements(acknowledgementText).acknowledgements) {
  const marked = applyAcknowledgements(findings, acknowledgements);
  const value: PreflightReport = { dazzleVersion: "0.1.0", app: "wallet", environment: "staging",
    failOn: "high", findings: marked.findings, rules,
    stages: [{ name: "rules", status: "ran" }, { name: "cfn-lint", status: "skipped",
      detail: "not on PATH" }] };
  return value;
}

function validator(schemaPath: string) {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
  // The SARIF schema is draft-04 (`id`); ajv 8 reads it as draft-07 once `id` is `$id`.
  if (typeof schema.id === "string") {
    schema.$id = schema.id;
    delete schema.id;
  }
  delete schema.$schema;
  // Some SARIF patterns are not valid under the `u` flag, which ajv 8 uses by default.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:/i);
  ajv.addFormat("uri-reference", /^\S*$/);
  ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
  return ajv.compile(schema);
}

describe("acknowledgements", () => {
  test("an acknowledged finding stays in the report, marked, and no longer fails", () => {
    const r = report();
    const acknowledged = r.findings.filter((f) => f.acknowledged);
    expect(acknowledged.map((f) => f.logicalId)).toEqual([volume.logicalId]);
    expect(summarize(r).acknowledged).toBe(1);
    expect(summarize(r).failing).toBe(summarize(report([])).failing - 1);
    expect(renderText(r, (_, t) => t)).toContain("[acknowledged]");
  });

  test("a missing reason is an error naming the line of its [[acknowledge]]", () => {
    const parsed = parseAcknowledgements(`[[acknowledge]]\ncheck = "TB_LOW_IOPS"\n` +
      `resource = "TigerBeetle/X"\nreason = "ok"\n\n[[acknowledge]]\ncheck = "TB_LOW_IOPS"\n` +
      `resource = "TigerBeetle/Y"\n`, "dazzle-acknowledgements.toml");
    expect(parsed.diagnostics.map((d) => [d.code, d.span?.line])).toEqual(
      [["preflight/acknowledgementReason", 6]],
    );
    expect(parsed.acknowledgements).toHaveLength(1);
  });
});

describe("output formats", () => {
  test("--format json validates against preflight/report-schema.json", () => {
    const validate = validator(join(import.meta.dir, "../../preflight/report-schema.json"));
    const document = JSON.parse(renderJson(report()));
    expect(validate.errors ?? []).toEqual([]);
    expect(validate(document)).toBe(true);
    expect(document.passed).toBe(false);
  });

  test("--format sarif validates against the SARIF 2.1.0 schema, with a suppression", () => {
    const validate = validator(join(import.meta.dir, "schemas/sarif-2.1.0-rtm.5.json"));
    const log = JSON.parse(renderSarif(report(), { pathPrefix: "apps/wallet/" }));
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const results = log.runs[0].results;
    const suppressed = results.filter((r: any) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions[0].justification).toContain("OPS-12");
    const memory = results.find((r: any) => r.ruleId === "TB_INSTANCE_MEMORY");
    expect(memory.locations[0].physicalLocation.artifactLocation.uri)
      .toBe("apps/wallet/dazzle.toml");
    expect(memory.level).toBe("error");
  });

  test("a project that does not load still gives schema-valid JSON and SARIF, one result per " +
    "error at its line", () => {
    const span = { file: "dsl/app.dsl", line: 3, column: 10, endLine: 3, endColumn: 16 };
    const invalid = invalidProjectReport({ dazzleVersion: "0.1.0", app: "wallet",
      environment: "staging", failOn: "high", diagnostics: [
        { code: "field/unknownType", severity: "error", span, hint: "did you mean 'str(N)'?",
          message: "unknown type 'string' for field 'email' of entity 'C'" },
        { code: "source/mixedIndentation", severity: "warning", span, message: "mixed" },
        { code: "project/noDslFiles", severity: "error", message: "no .dsl files under dsl" },
      ] });
    const json = JSON.parse(renderJson(invalid));
    const validateJson = validator(join(import.meta.dir, "../../preflight/report-schema.json"));
    expect(validateJson(json)).toBe(true);
    expect(json.passed).toBe(false);
    expect(json.counts.critical).toBe(2);
    const validateSarif = validator(join(import.meta.dir, "schemas/sarif-2.1.0-rtm.5.json"));
    const log = JSON.parse(renderSarif(invalid, { pathPrefix: "apps/wallet/" }));
    expect(validateSarif(log)).toBe(true);
    expect(
      log.runs[0].results.map((
        result: any,
      ) => [result.ruleId, result.level, result.locations[0].physicalLocation.artifactLocation.uri,
        result.locations[0].physicalLocation.region?.startLine, result.message.text]
      ),
    ).toEqual([
      ["PROJECT_INVALID", "error", "apps/wallet/dsl/app.dsl", 3, "field/unknownType: unknown " +
        "type 'string' for field 'email' of entity 'C'. Fix: did you mean 'str(N)'?"],
      ["PROJECT_INVALID", "error", "apps/wallet/dazzle.toml", undefined, "project/noDslFiles: " +
        "no .dsl files under dsl. Fix: Fix the error where it points (`dazzle check` shows " +
        "each with its context)."],
    ]);
  });

  test("a schema-invalid SARIF log is rejected (the validator is not vacuous)", () => {
    const validate = validator(join(import.meta.dir, "schemas/sarif-2.1.0-rtm.5.json"));
    const log = JSON.parse(renderSarif(report(), { pathPrefix: "" }));
    log.runs[0].results[0].level = "critical";
    expect(validate(log)).toBe(false);
  });

  test("--format github writes one escaped annotation per finding, at the toml line", () => {
    const text = renderGithub(report(), "");
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(findings.length + 1);
    const memory = lines.find((l) => l.includes("TB_INSTANCE_MEMORY"))!;
    expect(memory).toMatch(/^::error file=dazzle\.toml,line=\d+,col=\d+,title=TB_INSTANCE_MEMORY/);
    expect(memory).toContain("%0AFix: Set `size");
    expect(lines.find((l) => l.includes(volume.logicalId!) && l.includes("TB_LOW_IOPS")))
      .toMatch(/^::notice /);
    expect(text).not.toMatch(/title=[^:]*,[^:]*::/);
  });
});
