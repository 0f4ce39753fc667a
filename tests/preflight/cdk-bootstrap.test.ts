/**
 * CDK_BOOTSTRAP_MISSING: with AWS credentials, preflight reads the target account/region's
 * `/cdk-bootstrap/hnb659fds/version` (moto server here) and compares it with the version the
 * templates' CheckBootstrapVersion rule asks for.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutParameterCommand, SSMClient, DeleteParameterCommand } from "@aws-sdk/client-ssm";
import { fakeAwsEnvironment, motoMissingReason, startMoto,
  type MotoServer } from "../../testing/moto.ts";
import { testUnless } from "../../testing/visible-skip.ts";
import { runInProcess } from "../cli/fake-io.ts";

const motoMissing = motoMissingReason();
const motoTest = testUnless(motoMissing);

/** The example project deploys to eu-west-2: the parameter lives there. */
const region = "eu-west-2";
const parameter = "/cdk-bootstrap/hnb659fds/version";
let moto: MotoServer;
let ssm: SSMClient;
let project: string;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "dazzle-cdk-bootstrap-"));
  cpSync(join(import.meta.dir, "../../example"), project, { recursive: true });
  if (motoMissing) return;
  moto = await startMoto();
  ssm = new SSMClient({ region, endpoint: moto.endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" } });
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  rmSync(project, { recursive: true, force: true });
}, 30_000);

async function preflight(env: Record<string, string>, extra: readonly string[] = []) {
  const run = await runInProcess(["deploy", "preflight", "-p", project, "--format", "json",
    "--skip-cfn-lint", ...extra], { env: { PATH: "", ...env } });
  const report = JSON.parse(run.stdout) as {
    findings: { ruleId: string; severity: string; message: string }[];
  };
  return { exitCode: run.exitCode,
    bootstrap: report.findings.filter((finding) => finding.ruleId === "CDK_BOOTSTRAP_MISSING") };
}

async function setVersion(value: string | undefined) {
  if (value === undefined) {
    await ssm.send(new DeleteParameterCommand({ Name: parameter })).catch(() => undefined);
  } else {
    await ssm.send(
      new PutParameterCommand({ Name: parameter, Value: value, Type: "String", Overwrite: true }),
    );
  }
}

describe("the CDK bootstrap of the target account", () => {
  motoTest("never bootstrapped: a high finding that names `cdk bootstrap`; preflight fails",
    async () => {
      await setVersion(undefined);
      const result = await preflight(fakeAwsEnvironment(moto.endpoint));
      expect(result.bootstrap.map((finding) => finding.severity)).toEqual(["high"]);
      expect(result.bootstrap[0]!.message).toContain("is not bootstrapped for the CDK");
      expect(result.exitCode).toBe(1);
    }, 60_000);

  motoTest("bootstrapped by an old CDK (version 5, the templates need 6): high", async () => {
    await setVersion("5");
    const result = await preflight(fakeAwsEnvironment(moto.endpoint));
    expect(result.bootstrap.map((finding) => finding.message)).toEqual([
      "the deploying account in eu-west-2 has CDK bootstrap version 5, but the templates need " +
      "6 or newer: every stack would fail its CheckBootstrapVersion rule",
    ]);
    expect(result.exitCode).toBe(1);
  }, 60_000);

  motoTest("bootstrapped recently: nothing to report, preflight passes", async () => {
    await setVersion("30");
    const result = await preflight(fakeAwsEnvironment(moto.endpoint));
    expect(result.bootstrap).toEqual([]);
    expect(result.exitCode).toBe(0);
  }, 60_000);

  motoTest("a value that is not a version: could not be checked, so high (fails closed)",
    async () => {
      await setVersion("latest");
      const result = await preflight(fakeAwsEnvironment(moto.endpoint));
      expect(result.bootstrap.map((finding) => [finding.severity, finding.message])).toEqual([[
        "high",
        `could not read ${parameter} in the deploying account in eu-west-2, so the CDK ` +
        "bootstrap could not be checked: its value is \"latest\"",
      ]]);
      expect(result.exitCode).toBe(1);
    }, 60_000);

  test("credentials, but SSM cannot be reached: high, with the reason", async () => {
    const closed = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const endpoint = `http://127.0.0.1:${closed.port}`;
    closed.stop(true);
    const result = await preflight({ ...fakeAwsEnvironment(endpoint), AWS_MAX_ATTEMPTS: "1" });
    expect(result.bootstrap.map((finding) => finding.severity)).toEqual(["high"]);
    expect(result.bootstrap[0]!.message).toContain("so the CDK bootstrap could not be checked");
    expect(result.exitCode).toBe(1);
  }, 60_000);

  motoTest("an unreadable version, acknowledged with a reason: preflight passes", async () => {
    await setVersion("latest");
    const acknowledgements = join(project, "ci-acknowledgements.toml");
    writeFileSync(acknowledgements, "[[acknowledge]]\ncheck = \"CDK_BOOTSTRAP_MISSING\"\n" +
      "resource = \"Network\"\nreason = \"the CI role bootstraps before it checks\"\n");
    const result = await preflight(fakeAwsEnvironment(moto.endpoint), ["--acknowledgements",
      acknowledgements]);
    rmSync(acknowledgements);
    expect(result.exitCode).toBe(0);
  }, 60_000);

  test("without AWS credentials the account is not looked at", async () => {
    const result = await preflight({ AWS_EC2_METADATA_DISABLED: "true" });
    expect(result.bootstrap).toEqual([]);
    expect(result.exitCode).toBe(0);
  }, 60_000);
});
