/**
 * README.md, "First deploy, from a clean AWS account", steps 1–9, as written, for each of the
 * three ways the app gets its image (a Dockerfile, `image`, neither): init → check → image →
 * deploy artifacts → generate → npm ci → cdk bootstrap → cdk synth → preflight, then the
 * Compute template of the synthesized assembly. AWS is moto server (S3 for the artifacts, the
 * CDK bootstrap stack through its CloudFormation, SSM for preflight's bootstrap check); the
 * TigerBeetle and dazzle releases are served on 127.0.0.1, which is the only addition to the
 * README's commands (their base URLs). `npm ci` installs from the npm registry, so this runs
 * with DAZZLE_TEST_NPM_INSTALL=1 (scripts/test.ts sets it).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { defaultTigerBeetleVersion } from "../../config/defaults.ts";
import { fakeAwsEnvironment, motoMissingReason, startMoto,
  type MotoServer } from "../../testing/moto.ts";
import { testUnless } from "../../testing/visible-skip.ts";
import { runInProcess } from "../cli/fake-io.ts";
import { serveReleases, type ReleaseSite } from "./support/artifact-world.ts";
import packageJson from "../../package.json" with { type: "json" };

/** Why the first deploy cannot run here, if it cannot. */
const cannotRun = process.env.DAZZLE_TEST_NPM_INSTALL === "1"
  ? motoMissingReason()
  : "the first deploy runs `npm ci`, which needs DAZZLE_TEST_NPM_INSTALL=1";

const region = "eu-west-1";
const bucket = "acme-first-deploy";
const versions = { dazzle: packageJson.version, tigerbeetle: defaultTigerBeetleVersion };

let moto: MotoServer;
let site: ReleaseSite;
let workspace: string;
/** node_modules of the first project's `npm ci`, shared by the later projects. */
let installed: string | undefined;

function awsEnv(): Record<string, string> {
  return { ...fakeAwsEnvironment(moto.endpoint), AWS_REGION: region };
}

beforeAll(async () => {
  if (cannotRun !== undefined) return;
  moto = await startMoto();
  await new S3Client({ region, endpoint: moto.endpoint, forcePathStyle: true,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" } })
    .send(
      new CreateBucketCommand({ Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: region } }),
    );
  site = serveReleases(versions);
  workspace = mkdtempSync(join(tmpdir(), "dazzle-first-deploy-"));
}, 60_000);

afterAll(async () => {
  site?.stop();
  await moto?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
}, 120_000);

async function dazzle(args: string[], cwd: string) {
  const run = await runInProcess(args, { cwd, env: { ...awsEnv(), PATH: "" } });
  if (run.exitCode !== 0) {
    throw new Error(`dazzle ${args.join(" ")}: exit ${run.exitCode}\n${run.stderr}`);
  }
  return run;
}

/** A command in infra/, as the user's shell runs it (the real npm and CDK CLI). */
function shell(command: string[], cwd: string, timeoutMs = 600_000) {
  const run = spawnSync(command[0]!, command.slice(1), { cwd, encoding: "utf8", timeout: timeoutMs,
    env: { ...process.env, ...awsEnv(), CDK_DISABLE_VERSION_CHECK: "1",
      CDK_DISABLE_CLI_TELEMETRY: "1" } });
  if (run.status !== 0) {
    throw new Error(`${command.join(" ")}: exit ${run.status}\n${run.stdout}\n${run.stderr}`);
  }
  return run;
}

type ImageMode = "dockerfile" | "image" | "none";

interface Deployed {
  readonly compute: {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  readonly preflight: { findings: { ruleId: string; severity: string }[]; passed: boolean };
}

/** Steps 1–9 of the README for one project. */
async function firstDeploy(name: string, mode: ImageMode): Promise<Deployed> {
  // 1. Create the project.
  await dazzle(["init", name, "--region", region, "--environment", "staging"], workspace);
  const project = join(workspace, name);
  // 2. Check it.
  await dazzle(["check"], project);
  // 3. Give the app an image.
  const toml = join(project, "dazzle.toml");
  if (mode === "dockerfile") {
    writeFileSync(join(project, "Dockerfile"), "FROM public.ecr.aws/docker/library/node:22\n" +
      "COPY server.js /app/\nCMD [\"node\", \"/app/server.js\"]\n");
    writeFileSync(join(project, "server.js"), "require('http').createServer((_, r) => " +
      "r.end('ok')).listen(8000);\n");
  } else if (mode === "image") {
    writeFileSync(toml, readFileSync(toml, "utf8").replace(
      `# image = "ghcr.io/your-org/${name}:1.0.0"`,
      `image = "ghcr.io/acme/${name}:1.0.0"`,
    ));
  }
  // 4. Mirror what the TigerBeetle nodes install; put the printed line into dazzle.toml.
  const artifacts = await dazzle(["deploy", "artifacts", "--to", `s3://${bucket}/dazzle`,
    "--dazzle-base-url", site.dazzleBase, "--tigerbeetle-base-url", site.tigerbeetleDownloads,
    "--tigerbeetle-release-api", site.tigerbeetleApi], project);
  const line = artifacts.stdout.trim().split("\n").at(-1)!;
  expect(line).toBe(`artifact_base_url = "s3://${bucket}/dazzle"`);
  writeFileSync(toml, readFileSync(toml, "utf8")
    .replace("# artifact_base_url = \"s3://<your-bucket>/dazzle\"", line));
  // 5. Generate the CDK app.
  await dazzle(["deploy", "generate"], project);
  const infra = join(project, "infra");
  // 6. Install it (once from the registry; the same lockfile gives the same tree after).
  if (installed === undefined) {
    shell(["npm", "ci", "--no-audit", "--no-fund"], infra);
    installed = join(infra, "node_modules");
  } else {
    symlinkSync(installed, join(infra, "node_modules"), "dir");
  }
  // 7. Bootstrap the account and region (idempotent: every project runs it).
  shell(["npx", "cdk", "bootstrap"], infra);
  // 8. Synthesize exactly what will be deployed.
  shell(["npx", "cdk", "synth", "--quiet"], infra);
  // 9. Check it.
  const preflight = await runInProcess(["deploy", "preflight", "-p", "..", "--assembly", "cdk.out",
    "--format", "json"], { cwd: infra, env: { ...awsEnv(), PATH: "" } });
  expect(preflight.stderr).not.toContain("error");
  const report = JSON.parse(preflight.stdout) as Deployed["preflight"];
  expect({ name, exitCode: preflight.exitCode }).toEqual({ name, exitCode: report.passed ? 0 : 1 });
  const compute = JSON.parse(
    readFileSync(join(infra, "cdk.out", "Compute.template.json"), "utf8"),
  ) as Deployed["compute"];
  return { compute, preflight: report };
}

function computeFacts(template: Deployed["compute"]) {
  const resources = Object.values(template.Resources);
  const service = resources.find((r) => r.Type === "AWS::ECS::Service")!;
  const task = resources.find((r) => r.Type === "AWS::ECS::TaskDefinition")!;
  const containers = task.Properties["ContainerDefinitions"] as { Image: unknown }[];
  return { desiredCount: service.Properties["DesiredCount"],
    image: JSON.stringify(containers[0]!.Image) };
}

const firstDeployTest = testUnless(cannotRun);

describe("README, First deploy: steps 1–9 for each image mode", () => {
  firstDeployTest("a Dockerfile: an image asset built by cdk deploy, 2 tasks, preflight passes",
    async () => {
      const { compute, preflight } = await firstDeploy("shop", "dockerfile");
      const facts = computeFacts(compute);
      expect(facts.desiredCount).toBe(2);
      expect(facts.image).toContain("cdk-hnb659fds-container-assets-");
      const manifest = JSON.parse(
        readFileSync(join(workspace, "shop", "infra", "cdk.out", "Compute.assets.json"), "utf8"),
      ) as { dockerImages: Record<string, unknown> };
      expect(Object.keys(manifest.dockerImages)).toHaveLength(1);
      expect(preflight.passed).toBe(true);
      expect(preflight.findings.map((f) => f.ruleId)).not.toContain("APP_IMAGE_MISSING");
      expect(preflight.findings.map((f) => f.ruleId)).not.toContain("CDK_BOOTSTRAP_MISSING");
    }, 1_200_000);

  firstDeployTest("image = \"ref\": pulled as written, 2 tasks, preflight passes", async () => {
    const { compute, preflight } = await firstDeploy("pulled", "image");
    expect(computeFacts(compute)).toEqual({ desiredCount: 2,
      image: JSON.stringify("ghcr.io/acme/pulled:1.0.0") });
    expect(preflight.passed).toBe(true);
  }, 600_000);

  firstDeployTest("neither: 0 tasks (nothing waits on a missing image), preflight warns",
    async () => {
      const { compute, preflight } = await firstDeploy("bare", "none");
      expect(computeFacts(compute).desiredCount).toBe(0);
      expect(preflight.findings.filter((f) => f.ruleId === "APP_IMAGE_MISSING")
        .map((f) => f.severity)).toEqual(["warn"]);
      expect(preflight.passed).toBe(true);
    }, 600_000);
});

describe("no image in prod", () => {
  test("APP_IMAGE_MISSING is high there, and preflight fails", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dazzle-first-deploy-prod-"));
    try {
      const env = { AWS_EC2_METADATA_DISABLED: "true", PATH: "" };
      expect(
        (await runInProcess(["init", "prodapp", "--region", region, "--environment", "prod"], {
          cwd: dir,
          env,
        })).exitCode,
      ).toBe(0);
      const project = join(dir, "prodapp");
      const run = await runInProcess(["deploy", "preflight", "--format", "json"], { cwd: project,
        env });
      const report = JSON.parse(run.stdout) as Deployed["preflight"];
      expect(report.findings.filter((f) => f.ruleId === "APP_IMAGE_MISSING")
        .map((f) => f.severity)).toEqual(["high"]);
      expect(run.exitCode).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
