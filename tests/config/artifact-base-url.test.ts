/**
 * `artifact_base_url` goes into every node's user-data and, for s3://, into the node role's
 * s3:GetObject grant: credentials, bucket wildcards, '?' and '#' are refused at the key's line.
 */
import { describe, expect, test } from "bun:test";
import { parseDeployConfig } from "../../config/index.ts";

function errorsFor(url: string): string[] {
  const toml = `[deploy]\nenvironment = "staging"\n\n[deploy.tigerbeetle]\n` +
    `artifact_base_url = ${JSON.stringify(url)}\n`;
  return parseDeployConfig(toml, "dazzle.toml", { dazzleVersion: "0.1.0" }).diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => `${d.span?.line}: ${d.message}`);
}

describe("artifact_base_url", () => {
  test("an S3 mirror and an https host are accepted", () => {
    expect(errorsFor("s3://wallet-releases/mirror")).toEqual([]);
    expect(errorsFor("https://releases.internal.example.com/dazzle")).toEqual([]);
  });

  test.each([
    ["https://deploy:s3cret@releases.example.com/x", "user name or password"],
    ["s3://*/x", "no wildcards, which would grant the nodes every bucket"],
    ["s3://wallet-*/x", "no wildcards"],
    ["s3://wallet-releases/mirror/*", "must not contain '*'"],
    ["https://releases.example.com/x?token=1", "must not contain '?' or '#'"],
    ["s3://wallet-releases/mirror#v", "must not contain '?' or '#'"],
    ["http://releases.example.com/x", "must start with https:// or s3://"],
  ])("%s is refused at its line", (url, reason) => {
    const errors = errorsFor(url);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toStartWith(`5: 'deploy.tigerbeetle.artifact_base_url' is ` +
      `${JSON.stringify(url)}: `);
    expect(errors[0]).toContain(reason);
  });
});
