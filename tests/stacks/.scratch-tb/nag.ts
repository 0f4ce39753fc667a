import { AwsSolutionsChecks } from "cdk-nag";
import { tigerBeetleFixture, clusterSpec } from "../tigerbeetle-fixture.ts";
const f = tigerBeetleFixture(clusterSpec(3));
const report = new AwsSolutionsChecks(undefined, { verbose: false }).validateScope(f.stack);
for (const v of report.violations) console.log(v.ruleName, v.severity, v.violatingResources.map(r=>r.constructPath).join(" "));
console.log(JSON.stringify(report).slice(0,500));
