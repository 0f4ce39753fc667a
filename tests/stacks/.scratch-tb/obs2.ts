import { synthesizeExample } from "../whole-app-fixture.ts";
const t = synthesizeExample().templates["Observability"]!.toJSON();
const rs = Object.entries(t.Resources).filter(([k]: any) => /OutOfService|DeadLetters|Replica0Heartbeat/.test(k));
console.log(JSON.stringify(rs, null, 1).slice(0, 2500));
