import { synthesizeExample } from "../whole-app-fixture.ts";
const ex = synthesizeExample();
console.log(JSON.stringify(ex.plan.aws.observability), ex.plan.aws.messaging.queues.length, ex.plan.aws.tigerbeetle?.replicaCount);
const t = ex.templates["Observability"]!.toJSON();
const types: Record<string, number> = {};
for (const r of Object.values(t.Resources) as any[]) types[r.Type] = (types[r.Type] ?? 0) + 1;
console.log(types);
const dash = Object.values(t.Resources).find((r: any) => r.Type === "AWS::CloudWatch::Dashboard") as any;
console.log(JSON.stringify(dash.Properties.DashboardBody).slice(0, 1500));
for (const r of Object.values(t.Resources) as any[]) if (r.Type==="AWS::CloudWatch::Alarm" && /SQS|AutoScaling/.test(r.Properties.Namespace)) { console.log(JSON.stringify(r.Properties.Dimensions)); }
console.log(JSON.stringify(ex.plan.aws.messaging.queues));
