import { describe, expect, test } from "bun:test";
import type { AppSpec } from "../../ir/appspec.ts";
import type { DeployConfig, TigerBeetleSize } from "../../ir/deploy-config.ts";
import { planDeployment } from "../../plan/index.ts";
import { configFor, emptyAppSpec, entity, exampleAppSpec, exampleConfig, ledger,
  span } from "../../testing/plan-fixtures.ts";

const options = { projectName: "project", dazzleVersion: "0.1.0" };

function plan(appSpec: AppSpec, config: DeployConfig) {
  return planDeployment(appSpec, config, options);
}

const ledgerApp: AppSpec = { ...emptyAppSpec,
  app: { name: "ledgers", properties: [], span: exampleAppSpec.app!.span },
  ledgers: [ledger("Cash", 1, "EUR")] };

describe("AWSRequirements of the example (staging, eu-west-2)", () => {
  const { aws, diagnostics } = plan(exampleAppSpec, exampleConfig());

  test("has no diagnostics at all", () => {
    expect(diagnostics).toEqual([]);
  });

  test("network: 3 AZs (3 replicas, no AZs chosen), subnets laid out as the VPC allocates them",
    () => {
      expect(aws.network.availabilityZones).toEqual(["eu-west-2a", "eu-west-2b", "eu-west-2c"]);
      expect(aws.network.natGateways).toBe(1);
      expect(aws.network.subnets.public.cidrs).toEqual(["10.0.0.0/24", "10.0.1.0/24",
        "10.0.2.0/24"]);
      expect(aws.network.subnets.private.cidrs).toEqual(["10.0.16.0/20", "10.0.32.0/20",
        "10.0.48.0/20"]);
      expect(aws.network.subnets.isolated.cidrs).toEqual(["10.0.64.0/24", "10.0.65.0/24",
        "10.0.66.0/24"]);
    });

  test("TigerBeetle: 3 replicas, one per AZ, with fixed addresses in replica order", () => {
    const cluster = aws.tigerbeetle!;
    expect(cluster.replicas.map((r) => [r.index, r.availabilityZone, r.subnetCidr, r.address]))
      .toEqual([
        [0, "eu-west-2a", "10.0.16.0/20", "10.0.16.10:3000"],
        [1, "eu-west-2b", "10.0.32.0/20", "10.0.32.11:3000"],
        [2, "eu-west-2c", "10.0.48.0/20", "10.0.48.12:3000"],
      ]);
    expect(cluster.addresses).toBe("10.0.16.10:3000,10.0.32.11:3000,10.0.48.12:3000");
    expect(cluster.cacheGridMib).toBe(13_056);
    expect(cluster.volume).toEqual({ sizeGib: 100, iops: 10000, throughputMibps: 250,
      encrypted: true, removalPolicy: "retain" });
    expect(cluster.ssmPrefix).toBe("/wallet/staging/tigerbeetle");
  });

  test("the container gets the same addresses and cluster id as literals", () => {
    const environment = Object.fromEntries(aws.compute.environment.map((e) => [e.name, e.value]));
    expect(environment).toEqual({ APP_ENV: "staging",
      TIGERBEETLE_ADDRESSES: aws.tigerbeetle!.addresses,
      TIGERBEETLE_CLUSTER_ID: aws.tigerbeetle!.clusterId });
  });

  test("secrets: database fields from the generated secret, [deploy.secrets] by reference", () => {
    expect(aws.compute.secrets.map((s) => `${s.name}=${s.source}:${s.path}`)).toEqual([
      "DATABASE_HOST=database:host",
      "DATABASE_NAME=database:dbname",
      "DATABASE_PASSWORD=database:password",
      "DATABASE_PORT=database:port",
      "DATABASE_USER=database:username",
      "SENTRY_DSN=ssm:/wallet/staging/sentry-dsn",
      "STRIPE_API_KEY=secretsmanager:wallet/stripe-api-key",
    ]);
  });

  test("data and messaging: provisioned Aurora kept as a snapshot, names per app and env", () => {
    expect(aws.database).toMatchObject({
      capacity: { kind: "provisioned", instanceType: "t4g.medium" },
      deletionProtection: true,
      removalPolicy: "snapshot",
      backupRetentionDays: 7,
      secretName: "wallet/staging/database",
      readerCount: 0,
    });
    expect(aws.objectStorage?.removalPolicy).toBe("retain");
    expect(aws.messaging.queues.map((q) => [q.queueName, q.deadLetterQueueName]))
      .toEqual([["wallet-staging-payouts", "wallet-staging-payouts-dlq"]]);
    expect(aws.messaging.eventBuses.map((b) => b.eventBusName))
      .toEqual(["wallet-staging-ledger-events"]);
    expect(aws.messaging.scheduleQueue?.queueName).toBe("wallet-staging-schedules");
  });
});

describe("replica placement and sizes", () => {
  test("6 replicas over 3 AZs in prod: 2 per AZ, 6 distinct addresses", () => {
    const cluster = plan(ledgerApp,
      configFor("prod", (c) => ({ ...c, tigerbeetle: { ...c.tigerbeetle, nodeCount: 6 } }))).aws
      .tigerbeetle!;
    const perAz = new Map<string, number>();
    for (const replica of cluster.replicas) {
      perAz.set(replica.availabilityZone!, (perAz.get(replica.availabilityZone!) ?? 0) + 1);
    }
    expect([...perAz]).toEqual([["us-east-1a", 2], ["us-east-1b", 2], ["us-east-1c", 2]]);
    expect(new Set(cluster.replicas.map((r) => r.privateIp)).size).toBe(6);
  });

  test("1 replica in dev sits in the first AZ", () => {
    const cluster = plan(ledgerApp, configFor("dev")).aws.tigerbeetle!;
    expect(cluster.replicas.map((r) => r.address)).toEqual(["10.0.16.10:3000"]);
  });

  // Memory − TigerBeetle's fixed 2,073 MiB − 1 GiB for the OS, in 256 MiB steps.
  test("a release TigerBeetle says to skip is a warning; the default 0.17.8 is not", () => {
    const codes = (version: string) =>
      planDeployment(ledgerApp, configFor("staging", (c) => ({
        ...c,
        tigerbeetle: { ...c.tigerbeetle, version },
      })), { projectName: "ledgers", dazzleVersion: "0.1.0" }).diagnostics.map((d) => d.code);
    expect(codes("0.17.6")).toContain("plan/tigerBeetleReleaseToSkip");
    expect(codes("0.16.77")).toContain("plan/tigerBeetleReleaseToSkip");
    expect(codes("0.17.8")).not.toContain("plan/tigerBeetleReleaseToSkip");
    expect(configFor("staging").tigerbeetle.version).toBe("0.17.8");
  });

  const sizes: [TigerBeetleSize, number, number][] = [
    ["t3.medium", 4096, 768],
    ["r6i.large", 16384, 13_056],
    ["r6i.xlarge", 32768, 29_440],
    ["r6i.2xlarge", 65536, 62_208],
  ];
  for (const [size, memoryMib, cacheGridMib] of sizes) {
    test(`${size}: ${memoryMib} MiB, --cache-grid=${cacheGridMib}MiB, x86_64`, () => {
      const cluster = plan(ledgerApp,
        configFor("staging", (c) => ({ ...c, tigerbeetle: { ...c.tigerbeetle, size } }))).aws
        .tigerbeetle!;
      expect([cluster.instanceMemoryMib, cluster.cacheGridMib, cluster.architecture])
        .toEqual([memoryMib, cacheGridMib, "x86_64"]);
    });
  }

  test("explicit AZ names are used as given", () => {
    const aws =
      plan(ledgerApp,
        configFor("staging",
          (c) => ({ ...c,
            network: { ...c.network, availabilityZones: ["us-east-1d", "us-east-1f"] } }))).aws;
    expect(aws.tigerbeetle!.replicas.map((r) => r.availabilityZone))
      .toEqual(["us-east-1d", "us-east-1f", "us-east-1d"]);
  });
});

describe("AZ outage warning (AZ count chosen in dazzle.toml)", () => {
  const cases: [number, number, boolean][] = [
    [1, 2, false],
    [3, 2, true],
    [3, 3, false],
    [5, 2, true],
    [5, 3, false],
    [6, 3, false],
  ];
  for (const [replicas, zones, warned] of cases) {
    test(`${replicas} replicas over ${zones} AZs: ${warned ? "warned" : "no warning"}`, () => {
      const config = configFor("prod",
        (c) => ({ ...c, network: { ...c.network, availabilityZoneCount: zones, natGateways: 1 },
          tigerbeetle: { ...c.tigerbeetle, nodeCount: replicas },
          sources: { "deploy.network.availability_zones": span("dazzle.toml", 3) } }));
      const codes = plan(ledgerApp, config).diagnostics.map((d) => d.code);
      expect(codes).toEqual(warned ? ["plan/tigerBeetleZoneSpread"] : []);
    });
  }
});

describe("artifact source", () => {
  test("the placeholder default is a warning naming the setting to change", () => {
    const config = configFor("staging",
      (c) => ({ ...c,
        tigerbeetle: { ...c.tigerbeetle, artifactBaseUrl: "https://releases.dazzle.example" } }));
    const warning = plan(ledgerApp, config).diagnostics
      .find((d) => d.code === "plan/artifactSourcePlaceholder");
    expect(warning?.severity).toBe("warning");
    expect(warning?.hint).toContain("artifact_base_url");
  });
});

describe("the agent version the nodes run (dazzle_version)", () => {
  const pinned = (version: string) =>
    configFor("staging",
      (c) => ({ ...c, tigerbeetle: { ...c.tigerbeetle, dazzleVersion: version },
        sources: { "deploy.tigerbeetle.dazzle_version": span("dazzle.toml", 12) } }));

  test("older than this dazzle: a warning at the setting, with the version to set", () => {
    const [warning] = plan(ledgerApp, pinned("0.0.9")).diagnostics;
    expect(warning).toEqual({ code: "plan/agentOlderThanGenerator", severity: "warning",
      message: "TigerBeetle nodes would run dazzle 0.0.9 as their agent, older than this " +
        "dazzle (0.1.0), which writes the agent's command line: an older agent may refuse a " +
        "flag it does not know, and its node would not start", span: span("dazzle.toml", 12),
      hint: "set `dazzle_version = \"0.1.0\"` in [deploy.tigerbeetle], or remove it to use " +
        "this dazzle's version" });
  });

  for (const [version, warned] of [["0.1.0-rc.2", true], ["0.1.0", false], ["0.1.1", false], [
    "0.10.0",
    false,
  ], ["1.0.0-beta", false]] as const) {
    test(`${version} against 0.1.0: ${warned ? "warned" : "quiet"}`, () => {
      const codes = plan(ledgerApp, pinned(version)).diagnostics.map((d) => d.code);
      expect(codes).toEqual(warned ? ["plan/agentOlderThanGenerator"] : []);
    });
  }
});

describe("AZ count left to the plan", () => {
  test("3+ replicas get 3 AZs even where the environment default is 2", () => {
    const config = configFor("staging",
      (c) => ({ ...c, tigerbeetle: { ...c.tigerbeetle, nodeCount: 3 } }));
    expect(config.network.availabilityZoneCount).toBe(2);
    const { aws, diagnostics } = plan(ledgerApp, config);
    expect(aws.network.availabilityZones).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    expect(diagnostics).toEqual([]);
  });

  test("1 replica, or no ledger, keeps the environment default", () => {
    const config = configFor("staging",
      (c) => ({ ...c, tigerbeetle: { ...c.tigerbeetle, nodeCount: 1 } }));
    expect(plan(ledgerApp, config).aws.network.availabilityZones.length).toBe(2);
    const threeReplicas = configFor("staging",
      (c) => ({ ...c, tigerbeetle: { ...c.tigerbeetle, nodeCount: 3 } }));
    expect(plan({ ...ledgerApp, ledgers: [] }, threeReplicas).aws.network.availabilityZones
      .length).toBe(2);
  });
});

describe("default availability-zone names", () => {
  const threeReplicasIn = (region: string, change: (c: DeployConfig) => DeployConfig = (c) => c) =>
    configFor("staging", (c) =>
      change({ ...c, region, tigerbeetle: { ...c.tigerbeetle, nodeCount: 3 } }));
  const codes = (diagnostics: readonly { code: string }[]) => diagnostics.map((d) => d.code);

  test("regions whose zones are not a, b, c get the zones every account has", () => {
    expect(plan(ledgerApp, threeReplicasIn("ap-northeast-1")).aws.network.availabilityZones)
      .toEqual(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
    expect(plan(ledgerApp, threeReplicasIn("ca-central-1")).aws.network.availabilityZones)
      .toEqual(["ca-central-1a", "ca-central-1b", "ca-central-1d"]);
  });

  test("us-west-1: two zones whose names depend on the account, so the plan warns", () => {
    const { aws, diagnostics } = plan(ledgerApp, threeReplicasIn("us-west-1"));
    expect(aws.network.availabilityZones).toEqual(["us-west-1a", "us-west-1c"]);
    expect(codes(diagnostics)).toEqual(["plan/availabilityZonesGuessed",
      "plan/tigerBeetleZoneSpread"]);
    const guessed = diagnostics.find((d) => d.code === "plan/availabilityZonesGuessed")!;
    expect(guessed.severity).toBe("warning");
    expect(guessed.message).toBe("us-west-1 gives each account its own 2 availability zones; " +
      "us-west-1a, us-west-1c are a guess, and a zone the account lacks fails the Network stack");
    expect(guessed.hint).toContain("aws ec2 describe-availability-zones --region us-west-1");
  });

  test("us-west-1: pinned names are trusted, and 3 zones asked for is an error", () => {
    const pinned = threeReplicasIn("us-west-1",
      (c) => ({ ...c,
        network: { ...c.network, availabilityZones: ["us-west-1b", "us-west-1c"] } }));
    expect(codes(plan(ledgerApp, pinned).diagnostics)).toEqual(["plan/tigerBeetleZoneSpread"]);
    const three = threeReplicasIn("us-west-1",
      (c) => ({ ...c, network: { ...c.network, availabilityZoneCount: 3 },
        sources: { "deploy.network.availability_zones": span("dazzle.toml", 5) } }));
    const invalid = plan(ledgerApp, three).diagnostics
      .find((d) => d.code === "plan/invalidNetwork");
    expect(invalid?.message).toBe(
      "[deploy.network]: availability_zones = 3, but accounts get 2 zones in us-west-1",
    );
  });
});

describe("cluster id", () => {
  const idOf = (app: AppSpec, config: DeployConfig) => plan(app, config).aws.tigerbeetle!.clusterId;

  test("derived ids are non-zero decimal u128, stable, and differ per environment", () => {
    const staging = idOf(ledgerApp, configFor("staging"));
    expect(staging).toMatch(/^[1-9]\d*$/);
    expect(BigInt(staging) < 1n << 128n).toBe(true);
    expect(idOf(ledgerApp, configFor("staging"))).toBe(staging);
    expect(idOf(ledgerApp, configFor("prod"))).not.toBe(staging);
  });

  test("an id in dazzle.toml wins", () => {
    expect(
      idOf(ledgerApp,
        configFor("prod", (c) => ({ ...c, tigerbeetle: { ...c.tigerbeetle, clusterId: "42" } }))),
    ).toBe("42");
  });

  test("0 is refused outside dev and allowed in dev", () => {
    const zero = (c: DeployConfig) => ({ ...c, tigerbeetle: { ...c.tigerbeetle, clusterId: "0" } });
    expect(plan(ledgerApp, configFor("prod", zero)).diagnostics.map((d) => d.code))
      .toEqual(["plan/invalidTigerBeetle"]);
    expect(plan(ledgerApp, configFor("dev", zero)).diagnostics).toEqual([]);
  });
});

describe("environment defaults", () => {
  const app: AppSpec = { ...ledgerApp, entities: [entity("A")] };

  test("dev: serverless database and everything destroyed with the stack", () => {
    const aws = plan(app, configFor("dev")).aws;
    expect(aws.database).toMatchObject({
      capacity: { kind: "serverless", minCapacityAcu: 0.5, maxCapacityAcu: 2 },
      deletionProtection: false,
      removalPolicy: "destroy",
    });
    expect([aws.network.logRemovalPolicy, aws.compute.removalPolicy]).toEqual(["destroy",
      "destroy"]);
  });

  test("prod: 3 AZs, a NAT per AZ, a database reader, data kept", () => {
    const aws = plan(app, configFor("prod")).aws;
    expect(aws.network.availabilityZones.length).toBe(3);
    expect(aws.network.natGateways).toBe(3);
    expect(aws.database).toMatchObject({ readerCount: 1, deletionProtection: true,
      removalPolicy: "snapshot", backupRetentionDays: 30 });
  });

  test("no ledger, or TigerBeetle disabled → no cluster", () => {
    expect(plan({ ...app, ledgers: [] }, configFor("prod")).aws.tigerbeetle).toBeUndefined();
    expect(
      plan(app,
        configFor("prod", (c) => ({ ...c, tigerbeetle: { ...c.tigerbeetle, enabled: false } }))).aws
        .tigerbeetle,
    ).toBeUndefined();
  });
});

describe("settings that cannot be deployed are errors", () => {
  const cases: [string, (c: DeployConfig) => DeployConfig, string][] = [
    ["no NAT gateway", (c) => ({ ...c, network: { ...c.network, natGateways: 0 } }),
      "plan/invalidNetwork"],
    ["more NAT gateways than AZs", (c) => ({ ...c, network: { ...c.network, natGateways: 4 } }),
      "plan/invalidNetwork"],
    ["a /24 VPC", (c) => ({ ...c, network: { ...c.network, vpcCidr: "10.0.0.0/24" } }),
      "plan/invalidNetwork"],
    ["a misaligned VPC CIDR", (c) => ({ ...c, network: { ...c.network, vpcCidr: "10.0.0.1/16" } }),
      "plan/invalidNetwork"],
    ["4 AZs", (c) => ({ ...c, network: { ...c.network, availabilityZones: ["a", "b", "c", "d"] } }),
      "plan/invalidNetwork"],
    ["a domain without a certificate",
      (c) => ({ ...c, compute: { ...c.compute, domainName: "app.example.com" } }),
      "plan/invalidHttps"],
    ["a secret named like a dazzle variable",
      (c) => ({ ...c, secrets: [{ name: "APP_ENV", source: "ssm", path: "/x" }] }),
      "plan/duplicateResourceName"],
    ["an unknown database class",
      (c) => ({ ...c, database: { ...c.database, instanceClass: "large" } }),
      "plan/invalidDatabase"],
  ];
  for (const [name, change, code] of cases) {
    test(name, () => {
      const codes = plan(exampleAppSpec, configFor("staging", change)).diagnostics
        .filter((d) => d.severity === "error").map((d) => d.code);
      expect(codes).toEqual([code]);
    });
  }

  test("two channels with the same AWS name", () => {
    const app: AppSpec = { ...emptyAppSpec, channels: [
      { ...exampleAppSpec.channels[0]!, name: "a_b" },
      { ...exampleAppSpec.channels[0]!, name: "a-b" },
    ] };
    expect(plan(app, configFor("dev")).diagnostics.map((d) => d.code))
      .toEqual(["plan/duplicateResourceName"]);
  });
});

test("the same input gives byte-identical output", () => {
  const first = plan(exampleAppSpec, exampleConfig());
  const second = plan(structuredClone(exampleAppSpec), exampleConfig());
  expect(JSON.stringify(second)).toBe(JSON.stringify(first));
});
