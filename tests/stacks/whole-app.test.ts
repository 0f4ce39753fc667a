import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Match } from "aws-cdk-lib/assertions";
import { App, Stack } from "aws-cdk-lib/core";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Validations } from "aws-cdk-lib/core";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { toolPaths } from "../../scripts/tools.ts";
import { configFor, emptyAppSpec, exampleAppSpec, ledger } from "../../testing/plan-fixtures.ts";
import { corpusProjectNames, loadCorpusProject } from "./whole-app-corpus.ts";
import { synthesizeApp, synthesizeExample, type SynthesizedApp } from "./whole-app-fixture.ts";

const example = synthesizeExample();
const corpus = await Promise.all(corpusProjectNames.map(async (name) => {
  const project = await loadCorpusProject(name);
  return { project, synthesized: synthesizeApp(project.appSpec, configFor("staging")) };
}));
const prodSixReplicas = synthesizeApp({ ...emptyAppSpec, ledgers: [ledger("Cash", 1, "EUR")] },
  configFor("prod", (c) => ({ ...c, tigerbeetle: { ...c.tigerbeetle, nodeCount: 6 } })));
const devHttps = synthesizeApp(exampleAppSpec,
  configFor("dev",
    (c) => ({ ...c,
      compute: { ...c.compute, domainName: "wallet.example.com",
        certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/abc" } })));
const allApps: [string, SynthesizedApp][] = [["example", example], ["example-dev-https", devHttps],
  ...corpus.map(({ project, synthesized }) =>
    [project.name, synthesized] as [string, SynthesizedApp]
  ), ["prod-6-replicas", prodSixReplicas]];

function stackNamesOf(synthesized: SynthesizedApp): string[] {
  return Object.values(synthesized.stacks).map((stack) => stack.stackName);
}

describe("which stacks exist, in order", () => {
  test("the example has all six", () => {
    expect(stackNamesOf(example)).toEqual(
      ["Network", "TigerBeetle", "Data", "Messaging", "Compute", "Observability"].map((id) =>
        `wallet-staging-${id}`
      ),
    );
  });

  const expected: Record<string, string[]> = {
    simple_task: ["Network", "Data", "Messaging", "Compute", "Observability"],
    acme_billing: ["Network", "Data", "Compute", "Observability"],
    fieldtest_hub: ["Network", "TigerBeetle", "Data", "Compute", "Observability"],
  };
  for (const { project, synthesized } of corpus) {
    test(`corpus ${project.name}`, () => {
      const app = project.name.replace(/_/g, "-");
      expect(stackNamesOf(synthesized)).toEqual(
        expected[project.name]!.map((id) => `${app}-staging-${id}`),
      );
    });
  }

  test("an app with nothing to store or queue gets Network, Compute, Observability", () => {
    const bare = synthesizeApp(emptyAppSpec, configFor("dev"));
    expect(Object.values(bare.stacks).map((stack) => stack.node.id))
      .toEqual(["Network", "Compute", "Observability"]);
  });
});

describe.if(corpusProjectNames.length > 0)("corpus specifics", () => {
  const byName = Object.fromEntries(
    corpus.map(({ project, synthesized }) => [project.name, synthesized]),
  );

  test("simple_task: the task queue and both schedules", () => {
    const messaging = byName["simple_task"]!.templates["Messaging"]!;
    messaging.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "simple-task-staging-task-queue",
      RedrivePolicy: { maxReceiveCount: 4, deadLetterTargetArn: expect.anything() },
    });
    const expressions = Object.values(messaging.findResources("AWS::Scheduler::Schedule"))
      .map((rule) => (rule["Properties"] as { ScheduleExpression: string }).ScheduleExpression);
    expect(expressions.sort()).toEqual(["cron(0 9 * * ? *)", "cron(0 9 ? * MON *)"]);
  });

  test("fieldtest_hub: the app gets the ledger's addresses in replica order", () => {
    const synthesized = byName["fieldtest_hub"]!;
    const [taskDefinition] = Object.values(synthesized.templates["Compute"]!
      .findResources("AWS::ECS::TaskDefinition"));
    const environment = (taskDefinition!["Properties"] as { ContainerDefinitions: {
      Environment: { Name: string; Value: unknown }[];
    }[] }).ContainerDefinitions[0]!.Environment;
    expect(environment.find((e) => e.Name === "TIGERBEETLE_ADDRESSES")?.Value)
      .toBe(synthesized.plan.aws.tigerbeetle!.addresses);
  });

  test("prod with 6 replicas: 3 AZs, 6 Auto Scaling groups, 3 NAT gateways", () => {
    prodSixReplicas.templates["TigerBeetle"]!.resourceCountIs("AWS::AutoScaling::AutoScalingGroup",
      6);
    prodSixReplicas.templates["Network"]!.resourceCountIs("AWS::EC2::NatGateway", 3);
  });

  test("every TigerBeetle data volume is gp3, encrypted, retained, one per replica", () => {
    for (const [, synthesized] of allApps) {
      const template = synthesized.templates["TigerBeetle"];
      if (!template) continue;
      const volumes = Object.values(template.findResources("AWS::EC2::Volume"));
      expect(volumes.length).toBe(synthesized.plan.aws.tigerbeetle!.replicaCount);
      for (const volume of volumes) {
        expect(volume["DeletionPolicy"]).toBe("Retain");
        expect(volume["Properties"]).toMatchObject({ Encrypted: true, VolumeType: "gp3" });
      }
    }
  });

  test("dev: the ECR repository is emptied and deleted with the stack; staging keeps it", () => {
    devHttps.templates["Compute"]!.hasResource("AWS::ECR::Repository", {
      DeletionPolicy: "Delete",
      Properties: Match.objectLike({ EmptyOnDelete: true }),
    });
    example.templates["Compute"]!.hasResource("AWS::ECR::Repository", {
      DeletionPolicy: "Retain",
      Properties: Match.not(Match.objectLike({ EmptyOnDelete: true })),
    });
  });

  test("TigerBeetle admits traffic only from security groups, never from an address range", () => {
    for (const [, synthesized] of allApps) {
      const template = synthesized.templates["TigerBeetle"];
      if (!template) continue;
      const json = template.toJSON()["Resources"] as Record<string,
        { Type: string; Properties: Record<string, unknown> }>;
      for (const resource of Object.values(json)) {
        const rules = resource.Type === "AWS::EC2::SecurityGroupIngress" ?
          [resource.Properties]
          : resource.Type === "AWS::EC2::SecurityGroup"
          ? (resource.Properties["SecurityGroupIngress"] as Record<string, unknown>[] ?? []) :
          [];
        for (const rule of rules) {
          expect(rule["CidrIp"]).toBeUndefined();
          expect(rule["SourceSecurityGroupId"]).toBeDefined();
        }
      }
    }
  });
});

describe("cdk-nag AwsSolutions", () => {
  for (const [name, synthesized] of allApps) {
    test(`${name}: no unacknowledged finding`, () => {
      const report = new AwsSolutionsChecks(synthesized.app).validateScope(synthesized.app);
      const findings = report.violations.flatMap((violation) =>
        violation.violatingResources
          .map((resource) => `${violation.ruleName} at ${resource.constructPath}`)
      );
      expect(findings).toEqual([]);
    });
  }

  test("every acknowledgement in the stacks gives a reason", () => {
    const acknowledgements = collectAcknowledgements(example.app);
    expect(acknowledgements.length).toBeGreaterThan(5);
    expect(acknowledgements.filter(([, reason]) => reason.trim().length < 30)).toEqual([]);
  });

  test("the pack does report what is not acknowledged (the check can fail)", () => {
    const app = new App({ outdir: join(example.outDir, "control") });
    const stack = new Stack(app, "Control");
    const bucket = new s3.Bucket(stack, "Bucket", { enforceSSL: true });
    Validations.of(bucket).acknowledge({ id: "AwsSolutions-S10", reason: "not relevant here" });
    const rules = new AwsSolutionsChecks(app).validateScope(app).violations
      .map((violation) => violation.ruleName);
    expect(rules).toEqual(["AwsSolutions-S1"]);
  });
});

function collectAcknowledgements(root: IConstruct): [string, string][] {
  const found: [string, string][] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push([`${construct.node.path} ${id}`, reason]);
      }
    }
  }
  return found;
}

describe("cfn-lint", () => {
  // The corpus apps add no resource shape the example variants lack; linting them too would
  // double the suite's slowest step for no new coverage.
  const linted: [string, SynthesizedApp][] = [["example", example], ["example-dev-https", devHttps],
    ["prod-6-replicas", prodSixReplicas]];

  test("zero errors on every template (example staging and dev+HTTPS, prod 6 replicas)", () => {
    const templates = linted.flatMap(([, synthesized]) =>
      readdirSync(synthesized.outDir)
        .filter((file) => file.endsWith(".template.json"))
        .map((file) => join(synthesized.outDir, file))
    );
    expect(templates.length).toBe(6 + 6 + 4);
    const result = spawnSync(toolPaths.cfnLint(), ["--format", "json", "--", ...templates], {
      encoding: "utf8",
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "",
        AWS_EC2_METADATA_DISABLED: "true" },
      timeout: 120_000,
    });
    expect(result.error).toBeUndefined();
    const findings = JSON.parse(result.stdout) as { Level: string; Rule: { Id: string };
      Filename: string; Message: string }[];
    const errors = findings.filter((finding) => finding.Level === "Error")
      .map((finding) => `${finding.Rule.Id} ${finding.Filename}: ${finding.Message}`);
    expect(errors).toEqual([]);
  }, 120_000);
});
