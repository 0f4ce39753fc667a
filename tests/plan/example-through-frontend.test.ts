import { expect, test } from "bun:test";
import { join } from "node:path";
import { loadProject } from "../../frontend/index.ts";
import { planDeployment } from "../../plan/index.ts";
import { exampleAppSpec, exampleConfig } from "../../testing/plan-fixtures.ts";

const options = { projectName: "example", dazzleVersion: "0.1.0" };

test("the example parsed by the frontend plans exactly like the hand-built fixture", async () => {
  const loaded = await loadProject(join(import.meta.dir, "../../example"));
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const fromFrontend = planDeployment(loaded.appSpec, exampleConfig(), options);
  const fromFixture = planDeployment(exampleAppSpec, exampleConfig(), options);
  expect(fromFrontend.aws).toEqual(fromFixture.aws);
  expect(fromFrontend.infra.environmentVariables).toEqual(fromFixture.infra.environmentVariables);
});
