import { describe, expect, test } from "bun:test";
import type { AppSpec } from "../../ir/appspec.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { planInfra } from "../../plan/infra.ts";
import { channel, emptyAppSpec, entity, exampleAppSpec, field, ledger,
  schedule } from "../../testing/plan-fixtures.ts";

function infraOf(appSpec: AppSpec, projectName = "project") {
  const diagnostics: Diagnostic[] = [];
  const infra = planInfra(appSpec, { projectName }, diagnostics);
  return { infra, diagnostics };
}

describe("InfraRequirements of the example wallet app", () => {
  const { infra, diagnostics } = infraOf(exampleAppSpec);

  test("plans without errors, named after the app declaration", () => {
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(infra.app).toBe("wallet");
  });

  test("entities need a database, with every entity as a table", () => {
    expect(infra.database).toEqual({ entities: ["Customer", "KycDocument", "Payout"],
      databaseName: "wallet" });
  });

  test("file and image fields need object storage; money and scalars do not", () => {
    expect(infra.objectStorage?.fields.map((f) => `${f.entity}.${f.field}:${f.base}`))
      .toEqual(["KycDocument.scan:file", "KycDocument.selfie:image"]);
  });

  test("the queue channel keeps its visibility timeout and retries; email adds nothing", () => {
    expect(infra.queues.map(({ span: _span, ...queue }) => queue)).toEqual([
      { channel: "payouts", visibilityTimeoutSeconds: 300, maxReceiveCount: 6 },
    ]);
    expect(infra.eventBuses.map((bus) => bus.channel)).toEqual(["ledger_events"]);
  });

  test("the nightly cron becomes an EventBridge cron with ? for day-of-week", () => {
    expect(infra.scheduledRules.map((rule) => rule.scheduleExpression))
      .toEqual(["cron(0 2 * * ? *)"]);
  });

  test("ledgers give one cluster with sorted ledgers, distinct ids and currencies", () => {
    expect(infra.ledgerCluster?.ledgers.map((l) => l.name))
      .toEqual(["CustomerWallet", "PayoutClearing", "SettlementBank"]);
    expect(infra.ledgerCluster?.ledgerIds).toEqual([826]);
    expect(infra.ledgerCluster?.currencies).toEqual(["GBP"]);
  });

  test("the app is told every variable it will receive", () => {
    expect(infra.environmentVariables.map((v) => v.name)).toEqual([
      "APP_ENV",
      "DATABASE_HOST",
      "DATABASE_NAME",
      "DATABASE_PASSWORD",
      "DATABASE_PORT",
      "DATABASE_USER",
      "EVENT_BUS_LEDGER_EVENTS_NAME",
      "QUEUE_PAYOUTS_URL",
      "SCHEDULE_QUEUE_URL",
      "STORAGE_BUCKET_NAME",
      "TIGERBEETLE_ADDRESSES",
      "TIGERBEETLE_CLUSTER_ID",
    ]);
    expect(infra.environmentVariables.filter((v) => v.secret).map((v) => v.name))
      .toEqual(["DATABASE_HOST", "DATABASE_NAME", "DATABASE_PASSWORD", "DATABASE_PORT",
        "DATABASE_USER"]);
  });
});

describe("what the DSL does not ask for is not planned", () => {
  const cases: [string, AppSpec, (infra: ReturnType<typeof infraOf>["infra"]) => unknown][] = [
    ["no entities → no database", { ...exampleAppSpec, entities: [] }, (i) => i.database],
    ["no file fields → no object storage", { ...emptyAppSpec,
      entities: [entity("A", [field("name", { kind: "scalar", base: "str", args: ["10"] })])] },
      (i) => i.objectStorage],
    ["a field named like a file is not a file", { ...emptyAppSpec,
      entities: [entity("A", [field("file_name", { kind: "scalar", base: "str", args: [] })])] },
      (i) => i.objectStorage],
    ["no ledger → no ledger cluster", { ...exampleAppSpec, ledgers: [] }, (i) => i.ledgerCluster],
  ];
  for (const [name, appSpec, pick] of cases) {
    test(name, () => expect(pick(infraOf(appSpec).infra)).toBeUndefined());
  }

  test("an app without ledgers gets no TIGERBEETLE_* variables", () => {
    const { infra } = infraOf({ ...exampleAppSpec, ledgers: [] });
    expect(infra.environmentVariables.some((v) => v.name.startsWith("TIGERBEETLE_"))).toBe(false);
  });
});

describe("schedules", () => {
  const valid: [string, string, "cron" | "rate"][] = [
    ["0 2 * * *", "cron(0 2 * * ? *)", "cron"],
    ["0 9 * * MON", "cron(0 9 ? * MON *)", "cron"],
    ["30 6 * * 1-5", "cron(30 6 ? * 2-6 *)", "cron"],
    ["0 0 * * 0", "cron(0 0 ? * 1 *)", "cron"],
    ["0 0 * * 5-7", "cron(0 0 ? * 6-7,1 *)", "cron"],
    ["*/15 * 1 * *", "cron(*/15 * 1 * ? *)", "cron"],
    ["0 12 ? * MON-FRI *", "cron(0 12 ? * MON-FRI *)", "cron"],
    ["24h", "rate(1 day)", "rate"],
    ["30m", "rate(30 minutes)", "rate"],
    ["90m", "rate(90 minutes)", "rate"],
    ["2h", "rate(2 hours)", "rate"],
  ];
  for (const [expression, expected, form] of valid) {
    test(`${form} "${expression}" → ${expected}`, () => {
      const { infra, diagnostics } = infraOf({ ...emptyAppSpec,
        schedules: [schedule("job", expression, form)] });
      expect(diagnostics).toEqual([]);
      expect(infra.scheduledRules[0]?.scheduleExpression).toBe(expected);
    });
  }

  const invalid: [string, "cron" | "rate", string][] = [
    ["0 2 * *", "cron", "plan/invalidCron"],
    ["61 2 * * *", "cron", "plan/invalidCron"],
    ["0 24 * * *", "cron", "plan/invalidCron"],
    ["0 2 1 * MON", "cron", "plan/invalidCron"],
    ["0 2 * * FUNDAY", "cron", "plan/invalidCron"],
    ["0 12 * * MON *", "cron", "plan/invalidCron"],
    ["5-1 * * * *", "cron", "plan/invalidCron"],
    ["30s", "rate", "plan/invalidRate"],
    ["soon", "rate", "plan/invalidRate"],
  ];
  for (const [expression, form, code] of invalid) {
    test(`${form} "${expression}" is reported as ${code} at the schedule`, () => {
      const { infra, diagnostics } = infraOf({ ...emptyAppSpec,
        schedules: [schedule("job", expression, form)] });
      expect(diagnostics.map((d) => [d.code, d.span?.line])).toEqual([[code, 30]]);
      expect(infra.scheduledRules).toEqual([]);
    });
  }
});

describe("queue channel config", () => {
  const cases: [Record<string, string>, number, number][] = [
    [{}, 30, 4],
    [{ visibility_timeout: "45s" }, 45, 4],
    [{ visibility_timeout: "2h", max_retries: "0" }, 7200, 1],
  ];
  for (const [config, visibility, receives] of cases) {
    test(`${JSON.stringify(config)} → ${visibility} s, ${receives} receives`, () => {
      const queue = infraOf({ ...emptyAppSpec, channels: [channel("q", "queue", config)] })
        .infra.queues[0];
      expect([queue?.visibilityTimeoutSeconds, queue?.maxReceiveCount])
        .toEqual([visibility, receives]);
    });
  }

  test("invalid values are errors at the config line; unknown keys are only noted", () => {
    const { diagnostics } = infraOf({ ...emptyAppSpec, channels: [channel("q", "queue", {
      visibility_timeout: "13h",
      max_retries: "many",
      retry_delay_seconds: "60",
    })] });
    expect(diagnostics.map((d) => [d.code, d.severity, d.span?.line])).toEqual([
      ["plan/invalidChannelConfig", "error", 7],
      ["plan/invalidChannelConfig", "error", 7],
      ["plan/ignoredChannelConfig", "info", 7],
    ]);
  });
});

describe("app name", () => {
  test("without an app declaration the project folder names the app", () => {
    expect(infraOf(emptyAppSpec, "My_Project").infra.app).toBe("my-project");
  });

  test("a name that cannot name AWS resources is an error", () => {
    const { diagnostics } = infraOf(emptyAppSpec, "123");
    expect(diagnostics.map((d) => d.code)).toEqual(["plan/invalidName"]);
  });

  test("ledger order in the DSL does not change the plan", () => {
    const forward =
      infraOf({ ...emptyAppSpec, ledgers: [ledger("B", 2, "USD"), ledger("A", 1, "GBP")] }).infra;
    const backward =
      infraOf({ ...emptyAppSpec, ledgers: [ledger("A", 1, "GBP"), ledger("B", 2, "USD")] }).infra;
    expect(JSON.stringify(forward)).toBe(JSON.stringify(backward));
    expect(forward.ledgerCluster?.currencies).toEqual(["GBP", "USD"]);
  });
});
