/** IAM: least privilege, as the style guide asks of every grant. */
import { asArray } from "../tigerbeetle-resources.ts";
import { literalString, property, resourcesOf, type LocatedResource } from "../template.ts";
import type { FindingDraft, PreflightStack, Rule } from "../types.ts";

interface Statement {
  readonly where: LocatedResource;
  readonly statement: Record<string, unknown>;
}

/** Every Allow statement of inline, managed and role policies (trust policies excluded). */
function allowStatements(stacks: readonly PreflightStack[]): Statement[] {
  const found: Statement[] = [];
  const add = (where: LocatedResource, document: unknown) => {
    const raw = (document as Record<string, unknown> | undefined)?.Statement;
    const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    for (const statement of statements.slice(0, 500)) {
      const record = statement as Record<string, unknown> | null;
      if (record?.Effect === "Allow") found.push({ where, statement: record });
    }
  };
  for (const policy of resourcesOf(stacks, "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
    add(policy, property(policy.resource, "PolicyDocument"));
  }
  for (const role of resourcesOf(stacks, "AWS::IAM::Role")) {
    for (const inline of asArray(property(role.resource, "Policies"))) {
      add(role, (inline as Record<string, unknown> | null)?.PolicyDocument);
    }
  }
  return found;
}

function strings(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map(literalString).filter((text): text is string => text !== undefined);
}

export const wildcardAction: Rule = {
  id: "IAM_WILDCARD_ACTION",
  severity: "high",
  title: "IAM policy allows every action (of a service or of AWS)",
  remediation: "List the exact actions the role needs (CDK's `grant*` methods do), never `*` " +
    "or `service:*`, and never Allow with NotAction.",
  check(input) {
    return allowStatements(input.stacks).flatMap(({ where, statement }): FindingDraft[] => {
      const wild = strings(statement.Action).filter((action) =>
        action === "*" ||
        action.endsWith(":*")
      );
      const notAction = statement.NotAction !== undefined;
      if (wild.length === 0 && !notAction) return [];
      return [{ stack: where.stack, logicalId: where.logicalId,
        message: `${where.resource.Type} ${where.logicalId} allows ` +
          `${notAction ? "everything except NotAction" : wild.join(", ")}` }];
    });
  },
};

/** Actions that AWS only authorises on `*` (no resource-level permissions), or read-only lists. */
const resourceStarActions = new Set(["ecr:GetAuthorizationToken", "cloudwatch:PutMetricData",
  "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
  "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries", "sts:GetCallerIdentity",
  "ssm:DescribeParameters", "logs:DescribeLogGroups", "cloudwatch:GetMetricData",
  /* Session Manager's channels (the replica role's SessionManager statement). */
  "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]);

function needsResources(action: string): boolean {
  if (resourceStarActions.has(action)) return false;
  const verb = action.split(":")[1] ?? "";
  return !verb.startsWith("Describe") && !verb.startsWith("List");
}

export const wildcardResource: Rule = {
  id: "IAM_WILDCARD_RESOURCE",
  severity: "warn",
  title: "IAM policy allows actions on every resource",
  remediation: "Scope `Resource` to the ARNs the role uses, or add a tag `Condition` (as the " +
    "TigerBeetle volume grant does).",
  check(input) {
    return allowStatements(input.stacks).flatMap(({ where, statement }): FindingDraft[] => {
      const everyResource = strings(statement.Resource).includes("*");
      if (!everyResource || statement.Condition !== undefined) return [];
      const actions = strings(statement.Action).filter(needsResources);
      if (actions.length === 0) return [];
      return [{ stack: where.stack, logicalId: where.logicalId,
        message: `${where.resource.Type} ${where.logicalId} allows ${actions.join(", ")} on ` +
          `Resource "*"` }];
    });
  },
};
