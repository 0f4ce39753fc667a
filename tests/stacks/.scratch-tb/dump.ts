import { Template } from "aws-cdk-lib/assertions";
import { tigerBeetleFixture, clusterSpec } from "../tigerbeetle-fixture.ts";
const f = tigerBeetleFixture(clusterSpec(Number(process.argv[2] ?? 3)));
console.log(JSON.stringify(Template.fromStack(f.stack).toJSON(), null, 1));
