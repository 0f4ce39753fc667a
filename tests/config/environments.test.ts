/**
 * Several environments in one dazzle.toml: `[deploy.environments.<name>]` overrides any
 * `[deploy.*]` key for that environment; one is chosen per run.
 */
import { describe, expect, test } from "bun:test";
import { parseDeployConfig } from "../../config/index.ts";

const toml = `[deploy]
region = "eu-west-1"

[deploy.compute]
cpu = 512
container_port = 8080

[deploy.environments.staging]

[deploy.environments.prod]
region = "eu-west-2"

[deploy.environments.prod.compute]
desired_count = 4
`;

function parse(text: string, environment?: string) {
  const parsed = parseDeployConfig(text, "dazzle.toml", { dazzleVersion: "0.1.0",
    ...(environment !== undefined ? { environment } : {}) });
  return { config: parsed.config,
    diagnostics: parsed.diagnostics.map((d) => ({ code: d.code, line: d.span?.line,
      message: d.message, ...(d.hint ? { hint: d.hint } : {}) })
    ) };
}

describe("environments in one dazzle.toml", () => {
  test("each environment: the shared settings, its own overrides, its own defaults", () => {
    const staging = parse(toml, "staging").config!;
    const prod = parse(toml, "prod").config!;
    expect([staging.environment, staging.region, staging.compute.desiredCount, staging.compute.cpu,
      staging.compute.containerPort]).toEqual(
        ["staging", "eu-west-1", 2, 512, 8080],
      );
    expect([prod.environment, prod.region, prod.compute.desiredCount, prod.compute.cpu,
      prod.compute.containerPort]).toEqual(["prod", "eu-west-2", 4, 512, 8080]);
    // Prod's defaults (3 TigerBeetle replicas, 3 AZs) come with it.
    expect([staging.network.availabilityZoneCount, prod.network.availabilityZoneCount])
      .toEqual([2, 3]);
    expect(prod.environments).toEqual(["staging", "prod"]);
  });

  test("without --env: [deploy] environment, else the first in promotion order", () => {
    expect(parse(toml).config!.environment).toBe("staging");
    expect(parse(`[deploy]\nenvironment = "prod"\n${toml.slice("[deploy]\n".length)}`)
      .config!.environment).toBe("prod");
  });

  test("the overriding line is where a message points", () => {
    const text = toml.replace("desired_count = 4", "desired_count = 0");
    expect(parse(text, "prod").diagnostics).toEqual([{ code: "config/invalidCombination", line: 14,
      message: "'deploy.compute.desired_count' must be at least 1 in prod, but it is 0" }]);
    // Staging does not inherit prod's mistake.
    expect(parse(text, "staging").diagnostics).toEqual([]);
  });

  test("an environment the file does not describe is an error with a \"did you mean\"", () => {
    expect(parse(toml, "prdo").diagnostics).toEqual([{ code: "config/unknownEnvironment", line: 8,
      message: "dazzle.toml describes no environment 'prdo' (it describes staging, prod)",
      hint: "did you mean 'prod'?" }]);
    expect(parse(toml, "dev").diagnostics[0]!.hint)
      .toBe("describe it in dazzle.toml with a [deploy.environments.dev] table");
    // A one-environment file describes just that one.
    expect(parse("[deploy]\nenvironment = \"staging\"\n", "prod").diagnostics[0]!.message)
      .toBe("dazzle.toml describes no environment 'prod' (it describes staging)");
  });

  test("mistakes inside an environment's table are reported where they are", () => {
    const text = `[deploy.environments.prd]\n[deploy.environments.prod]\nenvironment = "dev"\n` +
      `[deploy.environments.prod.compute]\ncpus = 2\n`;
    expect(parse(text, "prod").diagnostics).toEqual([
      { code: "config/unknownEnvironment", line: 1,
        message: "unknown environment 'prd' in [deploy.environments]",
        hint: "did you mean 'prod'?" },
      { code: "config/invalidCombination", line: 3,
        message: "'deploy.environments.prod.environment' cannot be set: the table is the prod " +
          "environment itself" },
      { code: "config/unknownKey", line: 5,
        message: "unknown key 'deploy.environments.prod.compute.cpus' in " +
          "[deploy.environments.prod.compute]", hint: "did you mean 'cpu'?" },
    ]);
  });

  test("a one-environment file is unchanged: no environments list", () => {
    const config = parse("[deploy]\nenvironment = \"staging\"\n").config!;
    expect([config.environment, config.environments]).toEqual(["staging", undefined]);
    expect(parse("", "dev").config!.environment).toBe("dev");
  });
});
