import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildInfraVersion, InfraVersionError, readRecordedInfra, templatePath, versionFilePath,
  writeInfraVersion } from "../../versioning/index.ts";

const meta = { dazzleVersion: "0.1.0", environment: "staging",
  generatedAt: "2026-01-01T00:00:00Z" };
const network = {
  Resources: { Vpc: { Type: "AWS::EC2::VPC", Properties: { CidrBlock: "10.0.0.0/16" } } },
};

describe("infra version file", () => {
  test("key order and formatting of a template do not change its checksum", () => {
    const reordered = JSON.parse(
      "{\"Resources\":{\"Vpc\":{\"Properties\":{\"CidrBlock\":\"10.0.0.0/16\"}," +
        "\"Type\":\"AWS::EC2::VPC\"}}}",
    );
    const a = buildInfraVersion([{ id: "Network", template: network }], meta);
    const b = buildInfraVersion([{ id: "Network", template: reordered }], meta);
    expect(a.stacks[0]!.checksum).toBe(b.stacks[0]!.checksum);
    expect(a.version).toBe(b.version);
    expect(a.version).toMatch(/^[0-9a-f]{12}$/);
  });

  test("a changed template value changes the checksum and the version", () => {
    const changed = {
      Resources: { Vpc: { Type: "AWS::EC2::VPC", Properties: { CidrBlock: "10.1.0.0/16" } } },
    };
    const a = buildInfraVersion([{ id: "Network", template: network }], meta);
    const b = buildInfraVersion([{ id: "Network", template: changed }], meta);
    expect(a.stacks[0]!.checksum).not.toBe(b.stacks[0]!.checksum);
    expect(a.version).not.toBe(b.version);
  });

  test("the file has the guide's fields and is read back with its templates", () => {
    const infra = mkdtempSync(join(tmpdir(), "dazzle-version-"));
    writeInfraVersion(infra, { stacks: [{ id: "Network", template: network }] }, meta);
    const file = JSON.parse(readFileSync(versionFilePath(infra), "utf8"));
    expect(Object.keys(file).sort()).toEqual(
      ["dazzle_version", "environment", "generated_at", "stacks", "version"],
    );
    expect(file.stacks[0].name).toBe("Network");
    const recorded = readRecordedInfra(infra)!;
    expect(recorded.templates.get("Network")).toEqual(network);
  });

  test("a stored template of a stack that disappeared is removed on the next write", () => {
    const infra = mkdtempSync(join(tmpdir(), "dazzle-version-"));
    writeInfraVersion(infra, {
      stacks: [{ id: "Network", template: network }, { id: "Messaging",
        template: { Resources: {} } }],
    }, meta);
    writeInfraVersion(infra, { stacks: [{ id: "Network", template: network }] }, meta);
    expect(existsSync(templatePath(infra, "Messaging"))).toBe(false);
  });

  test("a hand-edited stored template is refused with a message naming the file", () => {
    const infra = mkdtempSync(join(tmpdir(), "dazzle-version-"));
    writeInfraVersion(infra, { stacks: [{ id: "Network", template: network }] }, meta);
    writeFileSync(templatePath(infra, "Network"), JSON.stringify({ Resources: {} }));
    expect(() => readRecordedInfra(infra)).toThrow(InfraVersionError);
    expect(() => readRecordedInfra(infra)).toThrow(/Network\.json does not match/);
  });

  test("no version file means nothing recorded", () => {
    expect(readRecordedInfra(mkdtempSync(join(tmpdir(), "dazzle-version-")))).toBeUndefined();
  });
});
