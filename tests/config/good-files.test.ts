/** dazzle.toml files that are valid, and what they resolve to (defaults per environment). */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDeployConfig, parseDeployConfig } from "../../config/index.ts";
import type { DeployConfig } from "../../ir/deploy-config.ts";

const options = { dazzleVersion: "0.1.0" };

function resolve(toml: string): DeployConfig {
  const result = parseDeployConfig(toml, "dazzle.toml", options);
  expect(result.diagnostics).toEqual([]);
  return result.config!;
}

describe("defaults", () => {
  test("an empty file resolves to the dev defaults", () => {
    const { sources, ...config } = resolve("");
    expect(config).toEqual({
      enabled: true,
      environment: "dev",
      region: "us-east-1",
      network: { vpcCidr: "10.0.0.0/16", availabilityZoneCount: 2, natGateways: 1 },
      compute: { cpu: 256, memoryMib: 512, desiredCount: 1, maxCount: 2, containerPort: 8000,
        healthCheckPath: "/health", image: { source: "none" } },
      database: { instanceClass: "db.serverless", storageGib: 20, backupRetentionDays: 1,
        engineVersion: "17.7" },
      tigerbeetle: { enabled: true, size: "t3.medium", nodeCount: 1, volumeSizeGib: 100,
        volumeIops: 3000, volumeThroughputMibps: 250, version: "0.17.8", port: 3000,
        artifactBaseUrl: "https://releases.dazzle.example", dazzleVersion: "0.1.0" },
      observability: { logRetentionDays: 7 },
      secrets: [],
    });
    expect(sources).toEqual({});
  });

  test("prod defaults are redundant: 3 AZs, a NAT gateway per AZ, 3 replicas, long retention",
    () => {
      const config = resolve("[deploy]\nenvironment = \"prod\"\n");
      expect([config.network, config.tigerbeetle.nodeCount, config.compute.desiredCount,
        config.database.backupRetentionDays, config.observability.logRetentionDays]).toEqual([
          { vpcCidr: "10.0.0.0/16", availabilityZoneCount: 3, natGateways: 3 },
          3,
          2,
          30,
          365,
        ]);
    });

  test("a missing dazzle.toml means the defaults; a present one is read", async () => {
    const folder = mkdtempSync(join(tmpdir(), "dazzle-config-"));
    try {
      const missing = await loadDeployConfig(folder, options);
      expect([missing.config?.environment, missing.diagnostics, missing.source]).toEqual([
        "dev",
        [],
        undefined,
      ]);
      writeFileSync(join(folder, "dazzle.toml"), "[deploy]\nenvironment = \"staging\"\n");
      const present = await loadDeployConfig(folder, options);
      expect([present.config?.environment, present.source?.path]).toEqual([
        "staging",
        "dazzle.toml",
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test("a malformed file is an error, never a fallback to defaults", async () => {
    const folder = mkdtempSync(join(tmpdir(), "dazzle-config-"));
    try {
      writeFileSync(join(folder, "dazzle.toml"), "[deploy\n");
      const loaded = await loadDeployConfig(folder, options);
      expect([loaded.config, loaded.diagnostics.map((d) => d.code)]).toEqual([
        undefined,
        ["config/syntax"],
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("values the user sets", () => {
  test("the embedded example is valid", async () => {
    const loaded = await loadDeployConfig(join(import.meta.dir, "../../example"), options);
    expect([loaded.diagnostics, loaded.config !== undefined]).toEqual([[], true]);
  });

  test("a file like the guide's resolves with its own values", () => {
    const config = resolve(`# the deployment guide's example, with a few more keys
[deploy]
enabled = true
environment = "staging"   # dev, staging, prod
region = "eu-west-2"

[deploy.compute]
cpu = 512
memory = 1024
desired_count = 2

[deploy.database]
instance_class = "db.t4g.medium"
storage_gb = 100

[deploy.tigerbeetle]
size = "r6i.large"
node_count = 3

[deploy.observability]
alarm_email = "oncall@example.com"

[deploy.secrets]
stripe_api_key = "secretsmanager:wallet/stripe-api-key"
sentry_dsn = "ssm:/wallet/staging/sentry-dsn"
`);
    expect([config.environment, config.region, config.compute.cpu, config.compute.memoryMib,
      config.database.instanceClass, config.tigerbeetle.nodeCount, config.tigerbeetle.size,
      config.observability.alarmEmail]).toEqual(["staging", "eu-west-2", 512, 1024, "db.t4g.medium",
        3, "r6i.large", "oncall@example.com"]);
    expect(config.secrets.map(({ name, source, path }) => ({ name, source, path }))).toEqual([
      { name: "STRIPE_API_KEY", source: "secretsmanager", path: "wallet/stripe-api-key" },
      { name: "SENTRY_DSN", source: "ssm", path: "/wallet/staging/sentry-dsn" },
    ]);
  });

  test("sources map each key the user wrote to its line", () => {
    const config = resolve("[deploy]\nregion = \"eu-west-1\"\n\n[deploy.tigerbeetle]\n" +
      "  volume_iops = 6000\n");
    expect(config.sources["deploy.region"]).toEqual(
      { file: "dazzle.toml", line: 2, column: 1, endLine: 2, endColumn: 7 },
    );
    expect(config.sources["deploy.tigerbeetle.volume_iops"]).toEqual(
      { file: "dazzle.toml", line: 5, column: 3, endLine: 5, endColumn: 14 },
    );
    expect(config.sources["deploy.compute.cpu"]).toBeUndefined();
  });

  test("2 and 4 replicas and 3000-4999 IOPS pass here (preflight reports them)", () => {
    for (const nodeCount of [2, 4]) {
      const config = resolve(
        `[deploy.tigerbeetle]\nnode_count = ${nodeCount}\nvolume_iops = 3000\n`,
      );
      expect([config.tigerbeetle.nodeCount, config.tigerbeetle.volumeIops]).toEqual([
        nodeCount,
        3000,
      ]);
    }
  });

  test("cpu alone picks the smallest memory Fargate allows for it", () => {
    expect(resolve("[deploy.compute]\ncpu = 2048\n").compute.memoryMib).toBe(4096);
    expect(resolve("[deploy.compute]\ncpu = 8192\nmemory = 20480\n").compute.memoryMib)
      .toBe(20480);
  });

  test("cluster id as an integer or a u128 decimal string; 0 is allowed in dev", () => {
    expect(resolve("[deploy.tigerbeetle]\ncluster_id = 42\n").tigerbeetle.clusterId).toBe("42");
    const big = "340282366920938463463374607431768211455";
    expect(resolve(`[deploy.tigerbeetle]\ncluster_id = "${big}"\n`).tigerbeetle.clusterId)
      .toBe(big);
    expect(resolve("[deploy.tigerbeetle]\ncluster_id = 0\n").tigerbeetle.clusterId).toBe("0");
  });

  test("explicit availability zones and NAT gateways", () => {
    const config = resolve("[deploy]\nregion = \"eu-west-2\"\nenvironment = \"prod\"\n" +
      "[deploy.network]\navailability_zones = [\"eu-west-2a\", \"eu-west-2b\"]\n");
    expect(config.network).toEqual({ vpcCidr: "10.0.0.0/16", availabilityZoneCount: 2,
      availabilityZones: ["eu-west-2a", "eu-west-2b"], natGateways: 2 });
  });

  test("HTTPS with a domain and a certificate in the same region", () => {
    const arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123";
    const config = resolve(
      `[deploy.compute]\ndomain = "api.example.com"\ncertificate_arn = "${arn}"\n`,
    );
    expect([config.compute.domainName, config.compute.certificateArn]).toEqual([
      "api.example.com",
      arn,
    ]);
  });

  test("inline tables and dotted keys mean the same as table headers", () => {
    const config = resolve("deploy.compute = { cpu = 1024, memory = 3072 }\n" +
      "deploy.tigerbeetle.volume_throughput = 500\n");
    expect([config.compute.cpu, config.compute.memoryMib, config.tigerbeetle.volumeThroughputMibps])
      .toEqual([1024, 3072, 500]);
    expect(config.sources["deploy.compute.memory"]?.column).toBe(32);
  });

  test("the artifact URL loses its trailing slash; secrets accept a Secrets Manager ARN", () => {
    const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/key-AbCdEf";
    const config = resolve("[deploy.tigerbeetle]\nartifact_base_url = \"s3://bucket/releases/\"\n" +
      `[deploy.secrets]\napi_key = "secretsmanager:${arn}"\n`);
    expect([config.tigerbeetle.artifactBaseUrl, config.secrets[0]?.path]).toEqual([
      "s3://bucket/releases",
      arn,
    ]);
  });
});
