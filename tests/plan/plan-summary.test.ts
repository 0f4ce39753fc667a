import { expect, test } from "bun:test";
import { planDeployment } from "../../plan/index.ts";
import { renderPlanSummary } from "../../plan/summary.ts";
import { exampleAppSpec, exampleConfig } from "../../testing/plan-fixtures.ts";

const plan = planDeployment(exampleAppSpec, exampleConfig(), { projectName: "example",
  dazzleVersion: "0.1.0" });
const lines = renderPlanSummary(plan.infra, plan.aws).split("\n");

test("lists the six stacks in deployment order", () => {
  const stackNames = lines.filter((line) => /^ {2}wallet-staging-/.test(line))
    .map((line) => line.trim().split(/\s+/)[0]);
  expect(stackNames).toEqual(["wallet-staging-Network", "wallet-staging-TigerBeetle",
    "wallet-staging-Data", "wallet-staging-Messaging", "wallet-staging-Compute",
    "wallet-staging-Observability"]);
});

test("shows the replica → AZ → address topology, one row per replica", () => {
  const rows = lines.filter((line) => /^ {2}replica \d/.test(line)).map((line) =>
    line.trim().split(/\s+/)
  );
  expect(rows).toEqual([["replica", "0", "eu-west-2a", "10.0.16.10:3000"], ["replica", "1",
    "eu-west-2b", "10.0.32.11:3000"], ["replica", "2", "eu-west-2c", "10.0.48.12:3000"]]);
});

test("lists every variable the container receives, secrets marked", () => {
  const start = lines.indexOf("App container environment:");
  const names = lines.slice(start + 1).filter((line) => line.length > 0)
    .map((line) => line.trim().split(/\s+/).slice(0, 2).join(" "));
  expect(names).toContain("STRIPE_API_KEY (secret)");
  expect(names).toContain("TIGERBEETLE_ADDRESSES ordered");
  expect(names.length).toBe(14);
});

test("every line fits in 100 columns", () => {
  expect(lines.filter((line) => line.length > 100)).toEqual([]);
});
