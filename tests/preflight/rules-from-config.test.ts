/**
 * Each check fires from a dazzle.toml or DSL change, through the real pipeline (config →
 * planDeployment → synthesize → rules), and the embedded example stays free of critical/high.
 * One synthesis per scenario, shared by the tests that read it.
 */
import { describe, expect, test } from "bun:test";
import { runRules } from "../../preflight/engine.ts";
import type { Finding } from "../../preflight/types.ts";
import { deploy, exampleToml, lineOf, setKey,
  type Deployment } from "../../testing/preflight-pipeline.ts";

function edit(edits: readonly [string, string, string][]): string {
  return edits.reduce((toml, [section, key, value]) => setKey(toml, section, key, value),
    exampleToml);
}

function only(findings: readonly Finding[], ruleId: string): Finding[] {
  return findings.filter((finding) => finding.ruleId === ruleId);
}

const example: Deployment = await deploy(exampleToml);
const exampleFindings = runRules(example);

describe("the embedded example", () => {
  test("has no critical or high finding", () => {
    const blocking = exampleFindings.filter((f) =>
      f.severity === "critical" ||
      f.severity === "high"
    );
    expect(blocking).toEqual([]);
  });

  test("is judged at all: its TigerBeetle stack is in the templates", () => {
    expect(example.stacks.map((s) => s.id)).toContain("TigerBeetle");
  });
});

describe("without artifact_base_url (the placeholder default)", async () => {
  const toml = exampleToml.split("\n").filter((line) => !line.startsWith("artifact_base_url"))
    .join("\n");
  const findings = runRules(await deploy(toml));

  test("TB_ARTIFACT_SOURCE_PLACEHOLDER is high: the nodes could never boot", () => {
    const [finding] = only(findings, "TB_ARTIFACT_SOURCE_PLACEHOLDER");
    expect(finding?.severity).toBe("high");
    expect(finding?.message).toContain("https://releases.dazzle.example");
    expect(finding?.remediation).toContain("artifact_base_url");
  });

  test("the example, which names its mirror, is quiet", () => {
    expect(only(exampleFindings, "TB_ARTIFACT_SOURCE_PLACEHOLDER")).toEqual([]);
  });
});

describe("in us-west-1, whose zone names differ per account", async () => {
  const guessed = runRules(await deploy(edit([["deploy", "region", "\"us-west-1\""]])));
  const pinned = runRules(
    await deploy(
      edit([["deploy", "region", "\"us-west-1\""], ["deploy.network", "availability_zones",
        "[\"us-west-1b\", \"us-west-1c\"]"]]),
    ),
  );

  test("NET_AZ_NAMES_ACCOUNT_SPECIFIC warns while dazzle.toml names no zones", () => {
    const [finding] = only(guessed, "NET_AZ_NAMES_ACCOUNT_SPECIFIC");
    expect(finding?.severity).toBe("warn");
    expect(finding?.message).toStartWith(
      "us-west-1 gives each account its own zones; us-west-1a, us-west-1c were not chosen",
    );
    expect(finding?.remediation).toContain("availability_zones");
  });

  test("pinned zones are trusted, and the example (eu-west-2) is quiet", () => {
    expect(only(pinned, "NET_AZ_NAMES_ACCOUNT_SPECIFIC")).toEqual([]);
    expect(only(exampleFindings, "NET_AZ_NAMES_ACCOUNT_SPECIFIC")).toEqual([]);
  });
});

const evenToml = edit([["deploy.tigerbeetle", "node_count", "4"]]);
const evenDeployment = await deploy(evenToml);

describe("staging with 4 nodes", () => {
  const toml = evenToml;
  const deployment = evenDeployment;
  const findings = runRules(deployment);

  test("the TigerBeetle stack refuses it, and preflight still judges the plan", () => {
    expect(deployment.synthError).toContain("replicaCount");
  });

  test("TB_EVEN_NODE_COUNT is critical, explains VSR quorums and points at node_count", () => {
    const [finding] = only(findings, "TB_EVEN_NODE_COUNT");
    expect(finding?.severity).toBe("critical");
    expect(finding?.message).toContain("Viewstamped Replication");
    expect(finding?.message).toContain("4 replicas tolerate 1 failure, no more than 3");
    expect(finding?.message).not.toContain("Raft");
    expect(finding?.remediation).toContain("Use 1, 3 or 5 nodes (or 6");
    expect(finding?.span?.line).toBe(lineOf(toml, "node_count"));
    expect(finding?.stack).toBe("TigerBeetle");
  });
});

const smallToml = edit([["deploy.tigerbeetle", "volume_iops", "4000"], ["deploy.tigerbeetle",
  "size", "\"t3.medium\""]]);
const smallFindings = runRules(await deploy(smallToml));

describe("staging with t3.medium nodes at 4,000 IOPS", () => {
  const toml = smallToml;
  const findings = smallFindings;

  test("TB_LOW_IOPS is high for each of the 3 data volumes, remedy names volume_iops", () => {
    const low = only(findings, "TB_LOW_IOPS");
    expect(low).toHaveLength(3);
    expect(low[0]!.severity).toBe("high");
    expect(low[0]!.message).toContain("IOPS below minimum");
    expect(low[0]!.remediation).toContain("Increase `volume_iops`");
    expect(low[0]!.span?.line).toBe(lineOf(toml, "volume_iops"));
    // Below the minimum it is one finding, not also "suboptimal".
    expect(only(findings, "TB_SUBOPTIMAL_IOPS")).toEqual([]);
  });

  test("TB_INSTANCE_MEMORY is high for a 4 GiB host outside dev", () => {
    const memory = only(findings, "TB_INSTANCE_MEMORY");
    expect(memory.length).toBe(3);
    expect(memory[0]!.message).toContain("t3.medium has 4 GiB");
    expect(memory[0]!.span?.line).toBe(lineOf(toml, "size"));
  });
});

const devFindings = runRules(
  await deploy(
    edit([["deploy", "environment", "\"dev\""], ["deploy.tigerbeetle", "size", "\"t3.medium\""], [
      "deploy.tigerbeetle",
      "volume_iops",
      "3000",
    ], ["deploy.tigerbeetle", "node_count", "1"]]),
  ),
);

describe("the same small cluster in dev", () => {
  const findings = devFindings;

  test("dev's deliberate economies (t3.medium, 3,000 IOPS, 1 node) are not findings", () => {
    const ids = findings.map((f) => f.ruleId);
    for (const id of ["TB_INSTANCE_MEMORY", "TB_LOW_IOPS", "TB_INSUFFICIENT_NODES_PROD"]) {
      expect(ids).not.toContain(id);
    }
  });
});

const prodSingleFindings = runRules(
  await deploy(
    edit([["deploy", "environment", "\"prod\""], ["deploy.tigerbeetle", "node_count", "1"]]),
  ),
);

describe("prod with one node", () => {
  const findings = prodSingleFindings;

  test("TB_INSUFFICIENT_NODES_PROD is high", () => {
    expect(only(findings, "TB_INSUFFICIENT_NODES_PROD").map((f) => f.severity)).toEqual(["high"]);
  });
});

const spreadToml = edit([["deploy", "environment", "\"prod\""], ["deploy.network",
  "availability_zones", "2"], ["deploy.tigerbeetle", "volume_iops", "6000"], ["deploy.database",
  "backup_retention_days", "3"]]);
const spreadFindings = runRules(await deploy(spreadToml));

describe("prod with 3 nodes in 2 AZs, 6,000 IOPS, 3 days of database backups", () => {
  const toml = spreadToml;
  const findings = spreadFindings;

  test("TB_AZ_SPREAD is high: losing the AZ with 2 replicas stops the ledger", () => {
    const [finding] = only(findings, "TB_AZ_SPREAD");
    expect(finding?.severity).toBe("high");
    expect(finding?.message).toContain("3 TigerBeetle replicas in 2 AZs");
    expect(finding?.span?.line).toBe(lineOf(toml, "availability_zones"));
  });

  test("TB_SUBOPTIMAL_IOPS warns below 10,000", () => {
    const suboptimal = only(findings, "TB_SUBOPTIMAL_IOPS");
    expect(suboptimal).toHaveLength(3);
    expect(suboptimal[0]!.severity).toBe("warn");
  });

  test("DB_BACKUPS warns about 3 days of retention in prod", () => {
    const [finding] = only(findings, "DB_BACKUPS");
    expect(finding?.severity).toBe("warn");
    expect(finding?.span?.line).toBe(lineOf(toml, "backup_retention_days"));
  });
});

const twoZoneFindings = runRules(
  await deploy(edit([["deploy.network", "availability_zones", "2"]])),
);

describe("the example with `availability_zones = 2` chosen in staging", () => {
  test("TB_AZ_SPREAD is a warning, not a failure, outside prod", () => {
    expect(only(twoZoneFindings, "TB_AZ_SPREAD").map((f) => f.severity)).toEqual(["warn"]);
    expect(only(exampleFindings, "TB_AZ_SPREAD")).toEqual([]);
  });
});

const sixToml = edit([["deploy", "environment", "\"prod\""], ["deploy.tigerbeetle", "node_count",
  "6"]]);
const sixDeployment = await deploy(sixToml);
const sixFindings = runRules(sixDeployment);

describe("prod with 6 nodes over the default 3 AZs (TigerBeetle's recommendation)", () => {
  test("has no replica-count or AZ-spread finding: 6 is allowed, 2 per AZ survives an AZ loss",
    () => {
      const ids = sixFindings.map((f) => f.ruleId);
      expect(ids).not.toContain("TB_EVEN_NODE_COUNT");
      expect(ids).not.toContain("TB_AZ_SPREAD");
      expect(ids).not.toContain("TB_INSUFFICIENT_NODES_PROD");
    });
});

describe("prod exposure: a domain for TLS, someone for the alarms", () => {
  test("prod without `domain`: APP_PLAIN_HTTP (high) on the HTTP listener", () => {
    const findings = only(sixFindings, "APP_PLAIN_HTTP");
    expect(findings.map((f) => [f.severity, f.stack])).toEqual([["high", "Compute"]]);
    expect(findings[0]!.message).toContain("plain HTTP on port 80");
    expect(only(exampleFindings, "APP_PLAIN_HTTP")).toEqual([]);
  });

  test("prod with a domain and certificate: HTTPS, the HTTP listener only redirects", async () => {
    const withDomain = runRules(
      await deploy(
        setKey(setKey(sixToml, "deploy.compute", "domain", "\"wallet.example.com\""),
          "deploy.compute", "certificate_arn", "\"arn:aws:acm:eu-west-2:111111111111:certificate/" +
          "0b5f4b0e-1c1e-4c6a-9d3e-5f2a7e2b9c11\""),
      ),
    );
    expect(only(withDomain, "APP_PLAIN_HTTP")).toEqual([]);
  });

  test("prod without `alarm_email`: ALARMS_UNROUTED (warn); with it (the example's), none",
    async () => {
      const toml = sixToml.split("\n").filter((line) => !line.startsWith("alarm_email"))
        .join("\n");
      const findings = only(runRules(await deploy(toml)), "ALARMS_UNROUTED");
      expect(findings.map((f) => [f.severity, f.stack])).toEqual([["warn", "Observability"]]);
      expect(only(sixFindings, "ALARMS_UNROUTED")).toEqual([]);
    });

  test("prod queues and the database secret are retained; staging queues are not", () => {
    const policies = (deployment: Deployment, type: string) =>
      deployment.stacks
        .flatMap((stack) => Object.values(stack.template.Resources ?? {}))
        .filter((resource) => resource.Type === type).map((resource) => resource.DeletionPolicy);
    expect(new Set(policies(sixDeployment, "AWS::SQS::Queue"))).toEqual(new Set(["Retain"]));
    expect(policies(sixDeployment, "AWS::SecretsManager::Secret")).toEqual(["Retain"]);
    expect(new Set(policies(example, "AWS::SQS::Queue"))).toEqual(new Set(["Delete"]));
    expect(policies(example, "AWS::SecretsManager::Secret")).toEqual(["Retain"]);
  });
});
