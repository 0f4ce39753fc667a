/** Hosts and tasks: IMDSv2 only, and secrets that never travel as plain values. */
import { literalString, objectProperty, property, resourcesOf } from "../template.ts";
import { asArray } from "../tigerbeetle-resources.ts";
import type { FindingDraft, PreflightInput, Rule } from "../types.ts";

export const imdsV1Allowed: Rule = {
  id: "IMDSV1_ALLOWED",
  severity: "high",
  title: "Instance metadata v1 allowed",
  remediation: "Set `MetadataOptions.HttpTokens: required` on launch templates and instances " +
    "(CDK: `requireImdsv2: true`).",
  check(input) {
    const templates = resourcesOf(input.stacks, "AWS::EC2::LaunchTemplate").map((host) => ({ host,
      options: objectProperty(host.resource, "LaunchTemplateData")?.MetadataOptions })
    );
    // An instance launched from a launch template gets its options from there.
    const instances = resourcesOf(input.stacks, "AWS::EC2::Instance")
      .filter((host) => property(host.resource, "LaunchTemplate") === undefined)
      .map((host) => ({ host, options: property(host.resource, "MetadataOptions") }));
    return [...templates, ...instances].flatMap(({ host, options }): FindingDraft[] => {
      const tokens = (options as Record<string, unknown> | undefined)?.HttpTokens;
      if (tokens !== undefined && literalString(tokens) !== "optional") return [];
      // Unset leaves it to the AMI and account defaults: worth a warning, not a failure.
      return [{ stack: host.stack, logicalId: host.logicalId,
        severity: tokens === undefined ? "warn" : "high",
        message: `${host.resource.Type} ${host.logicalId} has HttpTokens ` +
          `${tokens === undefined ? "unset (AMI/account default decides)" : "optional"}: ` +
          `SSRF in any process on the host could read the instance role's credentials` }];
    });
  },
};

const sensitiveName = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|_DSN$)/i;
const inlineCredentials = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]+:[^/@\s]+@/i;

/** Does this plain value carry a secret? Returns why, or undefined. */
function secretReason(
  name: string,
  value: unknown,
  configured: ReadonlySet<string>,
): string | undefined {
  const text = literalString(value) ?? JSON.stringify(value ?? "");
  if (text.includes("{{resolve:secretsmanager:") || text.includes("{{resolve:ssm-secure:")) {
    return "a secret resolved by CloudFormation into the task definition";
  }
  if (literalString(value) === undefined || text === "") return undefined;
  if (configured.has(name.toUpperCase())) return "a [deploy.secrets] entry as a plain value";
  if (inlineCredentials.test(text)) return "a URL with an inline password";
  if (sensitiveName.test(name)) return "a value whose name says it is secret";
  return undefined;
}

function environmentEntries(input: PreflightInput) {
  const entries: { stack: string; logicalId: string; name: string; value: unknown }[] = [];
  for (const task of resourcesOf(input.stacks, "AWS::ECS::TaskDefinition")) {
    for (const container of asArray(property(task.resource, "ContainerDefinitions"))) {
      for (const variable of asArray((container as Record<string, unknown>)?.Environment)) {
        const record = variable as Record<string, unknown>;
        const name = literalString(record?.Name);
        if (name) entries.push({ ...task, name, value: record.Value });
      }
    }
  }
  for (const fn of resourcesOf(input.stacks, "AWS::Lambda::Function")) {
    const variables = (property(fn.resource, "Environment") as Record<string, unknown> | undefined)
      ?.Variables as Record<string, unknown> | undefined;
    for (const [name, value] of Object.entries(variables ?? {}).slice(0, 1000)) {
      entries.push({ ...fn, name, value });
    }
  }
  return entries;
}

export const secretInPlainEnvironment: Rule = {
  id: "SECRET_PLAIN_ENV",
  severity: "high",
  title: "Secret passed as a plain environment value",
  remediation: "Reference it in [deploy.secrets] (`ssm:/path` or `secretsmanager:name`) so the " +
    "task receives it through `Secrets`, never `Environment`.",
  check(input) {
    const configured = new Set(input.config.secrets.map((secret) => secret.name.toUpperCase()));
    return environmentEntries(input).flatMap((entry): FindingDraft[] => {
      const reason = secretReason(entry.name, entry.value, configured);
      if (reason === undefined) return [];
      const upper = entry.name.toUpperCase();
      const secret = input.config.secrets.find((s) => s.name.toUpperCase() === upper);
      return [{ stack: entry.stack, logicalId: entry.logicalId, span: secret?.span,
        message: `environment variable ${entry.name} of ${entry.logicalId} is ${reason}: ` +
          `anyone who can read the task definition or function config can read it` }];
    });
  },
};
