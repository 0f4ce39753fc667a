/**
 * The vocabulary manifest read as the original reads it, with PyYAML (the test tools' copy, a
 * dependency of cfn-lint): every parameter default here must come out as PyYAML gives it.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { toolPaths } from "../../../scripts/tools.ts";
import { readVocabularyManifest } from "../../../frontend/vocabulary/manifest.ts";
import type { TemplateValue } from "../../../frontend/vocabulary/template.ts";

/** YAML 1.1 scalars where readers disagree: PyYAML's `y`/`n` are strings, `yes`/`off` not. */
const writtenDefaults = ["y", "n", "Y", "yes", "No", "on", "OFF", "true", "False", "~", "null",
  "012", "0x1f", "1_000", "1.5", "1e3", "1.0e+3", "1:30", "\"quoted\"", "'single'", "plain words",
  "[a, 1, yes]", "-7", "+3", ".5"];

const manifest = "entries:\n  - id: e\n    parameters:\n" +
  writtenDefaults.map((value, index) =>
    `      - name: p${index}\n        type: string\n        required: false\n` +
    `        default: ${value}\n`
  ).join("") + "    expansion:\n      body: x\n";

const pyyamlScript = `
import json, sys, yaml
manifest = yaml.safe_load(sys.stdin)
print(json.dumps([parameter.get("default") for parameter in manifest["entries"][0]["parameters"]]))
`;

describe("parameter defaults as PyYAML reads them", () => {
  if (!existsSync(toolPaths.python())) {
    test.skip("every default [skipped: PyYAML not installed (bun scripts/install-test-tools.ts)]",
      () => {});
    return;
  }
  test("every default", () => {
    const result = Bun.spawnSync([toolPaths.python(), "-c", pyyamlScript], {
      stdin: Buffer.from(manifest),
    });
    expect(result.stderr.toString()).toBe("");
    const expected = JSON.parse(result.stdout.toString()) as TemplateValue[];
    const read = readVocabularyManifest({ path: "m.yml", text: manifest });
    expect(read.diagnostics).toEqual([]);
    const ours = read.manifest!.entries.get("e")!.parameters.map((p) => p.defaultValue ?? null);
    expect(ours).toEqual(expected);
  });
});
