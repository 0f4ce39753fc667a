import { describe, expect, test } from "bun:test";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { configFor, exampleAppSpec } from "../../testing/plan-fixtures.ts";
import { synthesizeApp, synthesizeExample } from "./whole-app-fixture.ts";

const { templates, plan } = synthesizeExample();
const compute = templates["Compute"]!;

interface ContainerDefinition {
  Environment: { Name: string; Value: unknown }[];
  Secrets: { Name: string; ValueFrom: unknown }[];
}

function containerOf(template: Template): ContainerDefinition {
  const [taskDefinition] = Object.values(template.findResources("AWS::ECS::TaskDefinition"));
  return (taskDefinition!["Properties"] as { ContainerDefinitions: ContainerDefinition[] })
    .ContainerDefinitions[0]!;
}

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

function statementsOf(template: Template, rolePrefix: string): Statement[] {
  return Object.entries(template.findResources("AWS::IAM::Policy"))
    .filter(([id]) => id.startsWith(rolePrefix))
    .flatMap(([, policy]) =>
      (policy["Properties"] as { PolicyDocument: {
        Statement: Statement[];
      } }).PolicyDocument.Statement
    );
}

describe("the app container", () => {
  const container = containerOf(compute);
  const literal = Object.fromEntries(container.Environment
    .filter((variable) => typeof variable.Value === "string")
    .map((variable) => [variable.Name, variable.Value]));

  test("TigerBeetle addresses and cluster id are literals, in replica order", () => {
    const cluster = plan.aws.tigerbeetle!;
    expect(literal["TIGERBEETLE_ADDRESSES"]).toBe(cluster.replicas.map((r) => r.address).join(","));
    expect(literal["TIGERBEETLE_CLUSTER_ID"]).toBe(cluster.clusterId);
    expect(literal["APP_ENV"]).toBe("staging");
  });

  test("queue URLs, the bus name and the bucket name are wired from the other stacks", () => {
    const wired = container.Environment.filter((variable) => typeof variable.Value !== "string")
      .map((variable) => variable.Name);
    expect(wired).toEqual(["EVENT_BUS_LEDGER_EVENTS_NAME", "QUEUE_PAYOUTS_URL",
      "SCHEDULE_QUEUE_URL", "STORAGE_BUCKET_NAME"]);
  });

  test("credentials arrive as ECS secrets and never as plain environment", () => {
    const secretNames = container.Secrets.map((secret) => secret.Name);
    expect(secretNames).toEqual(["DATABASE_HOST", "DATABASE_NAME", "DATABASE_PASSWORD",
      "DATABASE_PORT", "DATABASE_USER", "SENTRY_DSN", "STRIPE_API_KEY"]);
    const plainNames = new Set(container.Environment.map((variable) => variable.Name));
    expect(secretNames.filter((name) => plainNames.has(name))).toEqual([]);
  });

  test("[deploy.secrets] point at the SSM parameter and the Secrets Manager secret", () => {
    const valueFrom = (name: string) =>
      JSON.stringify(
        container.Secrets.find((secret) => secret.Name === name)!.ValueFrom,
      );
    expect(valueFrom("SENTRY_DSN")).toContain(":parameter/wallet/staging/sentry-dsn");
    expect(valueFrom("STRIPE_API_KEY")).toContain(":secret:wallet/stripe-api-key");
  });

  test("the execution role may read exactly those secrets", () => {
    const statements = statementsOf(compute, "TaskDefinitionExecutionRole");
    const ssmRead = statements.find((s) => [s.Action].flat().includes("ssm:GetParameters"));
    expect(JSON.stringify(ssmRead?.Resource)).toContain(":parameter/wallet/staging/sentry-dsn");
    const secretReads = statements.filter((s) =>
      [s.Action].flat()
        .includes("secretsmanager:GetSecretValue")
    ).map((s) => JSON.stringify(s.Resource));
    expect(secretReads.length).toBe(2);
    expect(secretReads.some((resource) => resource.includes(":secret:wallet/stripe-api-key")))
      .toBe(true);
  });
});

describe("IAM is scoped", () => {
  test("no statement allows every action or every resource (the image is pulled: no ECR)", () => {
    const statements = [...statementsOf(compute, "")];
    expect(statements.filter((s) =>
      [s.Action].flat().some((a) =>
        a === "*" ||
        a.endsWith(":*")
      )
    )).toEqual([]);
    expect(statements.filter((s) => s.Resource === "*").map((s) => s.Action)).toEqual([]);
  });

  test("the task role reaches its own queues, bus and bucket only", () => {
    const actions = statementsOf(compute, "TaskDefinitionTaskRole").flatMap((s) =>
      [s.Action].flat()
    );
    expect(new Set(actions.map((action) => action.split(":")[0]))).toEqual(
      new Set(["sqs", "events", "s3"]),
    );
  });
});

describe("the service", () => {
  test("Fargate in private subnets, no public IP, circuit breaker with rollback", () => {
    compute.hasResourceProperties("AWS::ECS::Service", {
      LaunchType: "FARGATE",
      DesiredCount: 2,
      ServiceName: "wallet-staging-app",
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
      }),
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({
        AssignPublicIp: "DISABLED",
      }) },
    });
    compute.hasResourceProperties("AWS::ECS::TaskDefinition", { Cpu: "512", Memory: "1024",
      RequiresCompatibilities: ["FARGATE"] });
  });

  test("Container Insights on the cluster; images scanned on push", () => {
    compute.hasResourceProperties("AWS::ECS::Cluster", { ClusterName: "wallet-staging",
      ClusterSettings: [{ Name: "containerInsights", Value: "enabled" }] });
    compute.hasResourceProperties("AWS::ECR::Repository", { RepositoryName: "wallet-staging",
      ImageScanningConfiguration: { ScanOnPush: true } });
  });

  test("scales between 2 and 4 tasks on CPU", () => {
    compute.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", { MinCapacity: 2,
      MaxCapacity: 4 });
    compute.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 70 }),
    });
  });

  test("without a certificate: HTTP on 80 to the app's health-checked port", () => {
    compute.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
    compute.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", { Port: 80,
      Protocol: "HTTP" });
    compute.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", { Port: 8000,
      HealthCheckPath: "/health", TargetType: "ip" });
    for (const attribute of [{ Key: "access_logs.s3.enabled", Value: "true" }, {
      Key: "routing.http.drop_invalid_header_fields.enabled",
      Value: "true",
    }]) {
      compute.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
        Scheme: "internet-facing",
        LoadBalancerAttributes: Match.arrayWith([attribute]),
      });
    }
  });
});

describe("with a domain and certificate", () => {
  const certificateArn = "arn:aws:acm:eu-west-2:111111111111:certificate/abc";
  const https = synthesizeApp(exampleAppSpec,
    configFor("staging",
      (c) => ({ ...c, region: "eu-west-2",
        compute: { ...c.compute, domainName: "wallet.example.com", certificateArn } })))
    .templates["Compute"]!;

  test("HTTPS on 443 with the certificate, and 80 redirects to it", () => {
    https.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 443,
      Protocol: "HTTPS",
      Certificates: [{ CertificateArn: certificateArn }],
    });
    https.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 80,
      Protocol: "HTTP",
      DefaultActions: [
        Match.objectLike({ Type: "redirect",
          RedirectConfig: Match.objectLike({ Port: "443", Protocol: "HTTPS" }) }),
      ],
    });
  });
});
