/**
 * `--env` and `DAZZLE_ENV` on the project commands, with one dazzle.toml describing staging and
 * prod: each environment has its own templates and its own record (infra/<environment>/).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asLoadedCommand, commandTable } from "../../cli/commands.ts";
import { runInProcess } from "./fake-io.ts";

const project = mkdtempSync(join(tmpdir(), "dazzle-environments-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));
cpSync(join(import.meta.dir, "../../example"), project, { recursive: true });
const toml = join(project, "dazzle.toml");
writeFileSync(toml, `${readFileSync(toml, "utf8")}
[deploy.environments.prod]
region = "eu-west-1"

[deploy.environments.prod.compute]
image = "ghcr.io/acme/wallet:2.0.0"
desired_count = 3
`);

const env = { AWS_EC2_METADATA_DISABLED: "true", PATH: "" };
const dazzle = (args: string[], extra: Record<string, string> = {}) =>
  runInProcess(args, { cwd: project, env: { ...env, ...extra } });

function computeTemplate(environment: string) {
  const path = join(project, "infra", environment, "cdk.out", "Compute.template.json");
  const template = JSON.parse(readFileSync(path, "utf8")) as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const service = Object.values(template.Resources).find((r) => r.Type === "AWS::ECS::Service")!;
  return { desiredCount: service.Properties["DesiredCount"],
    serviceName: service.Properties["ServiceName"] };
}

describe("--env staging and --env prod from one dazzle.toml", () => {
  test("generate: different templates, separate records", async () => {
    expect((await dazzle(["deploy", "generate", "--env", "staging"])).exitCode).toBe(0);
    // DAZZLE_ENV is the same as --env.
    expect((await dazzle(["deploy", "generate"], { DAZZLE_ENV: "prod" })).exitCode).toBe(0);
    expect(existsSync(join(project, "infra", "cdk.out"))).toBe(false);
    expect(computeTemplate("staging")).toEqual({ desiredCount: 0,
      serviceName: "wallet-staging-app" });
    expect(computeTemplate("prod")).toEqual({ desiredCount: 3, serviceName: "wallet-prod-app" });
    const record = (environment: string) =>
      JSON.parse(
        readFileSync(join(project, "infra", environment, ".dazzle-infra-version.json"), "utf8"),
      ) as { environment: string; version: string };
    expect([record("staging").environment, record("prod").environment])
      .toEqual(["staging", "prod"]);
    expect(record("staging").version).not.toBe(record("prod").version);
  }, 120_000);

  test("diff compares each environment with its own record", async () => {
    expect((await dazzle(["deploy", "diff", "--env", "staging"])).exitCode).toBe(0);
    expect((await dazzle(["deploy", "diff", "--env", "prod"])).exitCode).toBe(0);
    writeFileSync(toml,
      readFileSync(toml, "utf8").replace("desired_count = 3", "desired_count = 5"));
    const prod = await dazzle(["deploy", "diff", "--env", "prod"]);
    expect(prod.exitCode).toBe(1);
    expect(prod.stdout).toContain("Compute");
    expect((await dazzle(["deploy", "diff", "--env", "staging"])).exitCode).toBe(0);
  }, 120_000);

  test("plan shows the chosen environment's region and names", async () => {
    const plan = async (...args: string[]) =>
      JSON.parse((await dazzle(["deploy", "plan", "--json", ...args])).stdout) as {
        aws: { environment: string; region: string };
      };
    expect((await plan()).aws).toMatchObject({ environment: "staging", region: "eu-west-2" });
    expect((await plan("--env", "prod")).aws).toMatchObject({ environment: "prod",
      region: "eu-west-1" });
  });

  test("an environment the file does not describe: an error with a \"did you mean\"", async () => {
    const run = await dazzle(["deploy", "plan", "--env", "prdo"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("error[config/unknownEnvironment]: dazzle.toml describes no " +
      "environment 'prdo' (it describes staging, prod)");
    expect(run.stderr).toContain("did you mean 'prod'?");
    const fromVariable = await dazzle(["check"], { DAZZLE_ENV: "qa" });
    expect(fromVariable.exitCode).toBe(1);
    expect(fromVariable.stdout).toContain("describes no environment 'qa'");
  });
});

describe("every project command takes --env", () => {
  const projectCommands = commandTable.filter((entry) =>
    !["init", "agent"]
      .includes(entry.words[0]!)
  );
  for (const entry of projectCommands) {
    test(`dazzle ${entry.words.join(" ")}`, async () => {
      const command = asLoadedCommand(await entry.load())!;
      expect(command.flags["env"]?.type).toBe("string");
      expect(command.flags["project"]).toBeDefined();
    });
  }
});
