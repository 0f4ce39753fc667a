/**
 * `--against deployed`: the synthesized stacks of the 3-replica example are deployed into moto
 * server's CloudFormation (templates over 51,200 bytes through an S3 URL, as the CDK does), then
 * dazzle.toml is edited — node_count, TigerBeetle version, region — and both `deploy diff
 * --against deployed` and `deploy preflight` flag each change, while a harmless change
 * (desired_count) passes. A baseline that cannot be read blocks.
 *
 * moto creates the Network, TigerBeetle and Messaging stacks; it cannot create Data (no Aurora
 * model), Compute or Observability (see the team's toolchain notes): those count as not
 * deployed yet.
 */
import { afterAll, beforeAll, describe, expect } from "bun:test";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudFormationClient, CreateStackCommand,
  DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { fakeAwsEnvironment, motoMissingReason, startMoto,
  type MotoServer } from "../../testing/moto.ts";
import { testUnless } from "../../testing/visible-skip.ts";
import { deploy, exampleToml, setKey } from "../../testing/preflight-pipeline.ts";
import { runInProcess } from "../cli/fake-io.ts";

const motoMissing = motoMissingReason();
const motoTest = testUnless(motoMissing);

const region = "eu-west-2";
/** CloudFormation's TemplateBody limit; larger templates go through S3, as `cdk deploy` does. */
const templateBodyBytesMax = 51_200;
const deployable = ["Network", "TigerBeetle", "Messaging"];

let moto: MotoServer;
let workspace = "";
let project = "";
const submitted = new Map<string, "body" | "s3">();

interface DiffJson {
  baseline: { source: string; description: string; problems: { message: string }[] };
  stacks: { name: string; change: string }[];
  destructive: unknown[];
  findings: { ruleId: string; severity: string; message: string }[];
}
interface ReportJson {
  baseline?: { source: string; description: string };
  findings: { ruleId: string; severity: string; message: string }[];
}

function awsEnv(endpoint = moto.endpoint): Record<string, string> {
  return { ...fakeAwsEnvironment(endpoint), AWS_REGION: region, PATH: "" };
}

async function deployExample(): Promise<void> {
  const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
  const clients = { region, endpoint: moto.endpoint, credentials };
  const cfn = new CloudFormationClient(clients);
  const s3 = new S3Client({ ...clients, forcePathStyle: true });
  // What `cdk bootstrap` leaves: the version parameter every template checks, and a bucket.
  await new SSMClient(clients).send(new PutParameterCommand({
    Name: "/cdk-bootstrap/hnb659fds/version",
    Value: "30",
    Type: "String",
  }));
  await s3.send(
    new CreateBucketCommand({ Bucket: "cdk-assets",
      CreateBucketConfiguration: { LocationConstraint: region } }),
  );
  const example = await deploy(exampleToml);
  for (const stack of example.stacks.filter((s) => deployable.includes(s.id))) {
    const body = JSON.stringify(stack.template, null, 1); // as cdk.out writes it
    let source: { TemplateBody: string } | { TemplateURL: string } = { TemplateBody: body };
    if (body.length > templateBodyBytesMax) {
      await s3.send(
        new PutObjectCommand({ Bucket: "cdk-assets", Key: `${stack.id}.json`, Body: body }),
      );
      source = { TemplateURL: `https://s3.${region}.amazonaws.com/cdk-assets/${stack.id}.json` };
    }
    submitted.set(stack.id, "TemplateURL" in source ? "s3" : "body");
    await cfn.send(
      new CreateStackCommand({ StackName: stack.stackName, ...source,
        Capabilities: ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"] }),
    );
    const status = (await cfn.send(new DescribeStacksCommand({ StackName: stack.stackName })))
      .Stacks?.[0]?.StackStatus;
    expect({ stack: stack.id, status }).toEqual({ stack: stack.id, status: "CREATE_COMPLETE" });
  }
}

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "dazzle-deployed-"));
  project = join(workspace, "wallet");
  cpSync(join(import.meta.dir, "../../example"), project, { recursive: true });
  if (motoMissing) return;
  moto = await startMoto();
  // The record of what is deployed (and where), as after a real `generate` + `cdk deploy`.
  const generate = await runInProcess(["deploy", "generate", "-p", project], {
    env: { AWS_EC2_METADATA_DISABLED: "true", PATH: "" },
  });
  expect(generate.exitCode).toBe(0);
  await deployExample();
}, 180_000);

afterAll(async () => {
  await moto?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

function withToml(edit: (toml: string) => string): void {
  writeFileSync(join(project, "dazzle.toml"), edit(exampleToml));
}

async function diff(env = awsEnv(), ...extra: string[]) {
  const run = await runInProcess(["deploy", "diff", "-p", project, "--against", "deployed",
    "--json", ...extra], { env });
  return { exitCode: run.exitCode, json: JSON.parse(run.stdout) as DiffJson, stderr: run.stderr };
}

async function preflight(env = awsEnv()) {
  const run = await runInProcess(["deploy", "preflight", "-p", project, "--format", "json",
    "--skip-cfn-lint"], { env });
  return { exitCode: run.exitCode, json: JSON.parse(run.stdout) as ReportJson };
}

const changeIds = new Set(["BASELINE_UNVERIFIED", "DESTRUCTIVE_CHANGE", "DEPLOYMENT_MOVED",
  "TB_REPLICA_COUNT_CHANGED", "TB_CLUSTER_ID_CHANGED", "TB_VERSION_DOWNGRADE",
  "DB_ENGINE_DOWNGRADE"]);
const blocking = (findings: { ruleId: string; severity: string }[]) =>
  findings
    .filter((f) => changeIds.has(f.ruleId)).map((f) => `${f.ruleId} ${f.severity}`);

describe("diff and preflight against the stacks deployed in moto", () => {
  motoTest("the TigerBeetle template (over 51,200 bytes) went through an S3 URL", () => {
    expect(submitted.get("TigerBeetle")).toBe("s3");
  });

  motoTest("default baseline with credentials: deployed, said on the first line", async () => {
    withToml((toml) => toml);
    const run = await runInProcess(["deploy", "diff", "-p", project], { env: awsEnv() });
    expect(run.stdout.split("\n")[0]).toBe(
      "baseline: the deployed stacks in eu-west-2 (3 of 6 exist)",
    );
  });

  motoTest("desired_count 2 → 3 (harmless): nothing flagged, preflight passes", async () => {
    withToml((toml) => setKey(toml, "deploy.compute", "desired_count", "3"));
    const changes = await diff();
    expect(changes.json.baseline.source).toBe("deployed");
    expect(changes.json.findings).toEqual([]);
    expect(changes.json.destructive).toEqual([]);
    // Deployed stacks unchanged; the three moto cannot create are still to be added.
    expect(changes.json.stacks.map((s) => `${s.name}:${s.change}`).sort()).toEqual([
      "Compute:added",
      "Data:added",
      "Observability:added",
    ]);
    const checks = await preflight();
    expect(checks.json.baseline?.source).toBe("deployed");
    expect([checks.exitCode, blocking(checks.json.findings)]).toEqual([0, []]);
  });

  for (const [name, edit, rule, text] of [
    ["node_count 3 → 5", (t: string) => setKey(t, "deploy.tigerbeetle", "node_count", "5"),
      "TB_REPLICA_COUNT_CHANGED", "replica count 3 → 5"],
    ["TigerBeetle 0.17.8 → 0.16.60",
      (t: string) => setKey(t, "deploy.tigerbeetle", "version", "\"0.16.60\""),
      "TB_VERSION_DOWNGRADE", "0.17.8 → 0.16.60 is a downgrade"],
    ["region eu-west-2 → eu-west-1", (t: string) => setKey(t, "deploy", "region", "\"eu-west-1\""),
      "DEPLOYMENT_MOVED", "region eu-west-2 → eu-west-1"],
  ] as const) {
    motoTest(`${name}: ${rule} (critical) in diff and preflight`, async () => {
      withToml(edit);
      const changes = await diff();
      expect(changes.exitCode).toBe(1);
      expect(blocking(changes.json.findings)).toEqual([`${rule} critical`]);
      expect(changes.json.findings.find((f) => f.ruleId === rule)?.message).toContain(text);
      const checks = await preflight();
      expect([checks.exitCode, blocking(checks.json.findings)]).toEqual([1, [`${rule} critical`]]);
    });
  }

  motoTest("an unreachable CloudFormation: BASELINE_UNVERIFIED, diff exits 2", async () => {
    withToml((toml) => toml);
    const closed = "http://127.0.0.1:9"; // discard port: nothing listens
    const changes = await diff(awsEnv(closed));
    expect(changes.exitCode).toBe(2);
    // One problem for the one cause, naming every stack it kept from being read.
    expect(changes.json.baseline.problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/^cannot read CloudFormation stacks wallet-staging-Network, .*, /),
    ]);
    expect(changes.json.baseline.description).toContain("(0 of 6 exist, 6 could not be read)");
    const checks = await preflight(awsEnv(closed));
    expect(checks.exitCode).toBe(1);
    expect(blocking(checks.json.findings)).toContain("BASELINE_UNVERIFIED critical");
  }, 120_000);

  motoTest("the record deleted while stacks are deployed: BASELINE_UNVERIFIED", async () => {
    withToml((toml) => toml);
    const versionFile = join(project, "infra", ".dazzle-infra-version.json");
    const saved = readFileSync(versionFile, "utf8");
    rmSync(versionFile);
    try {
      const changes = await diff();
      expect(changes.exitCode).toBe(2);
      expect(changes.json.baseline.problems.map((p) => p.message).join("\n"))
        .toContain(".dazzle-infra-version.json is missing");
    } finally {
      writeFileSync(versionFile, saved);
    }
  });
});
