/**
 * The target account/region must be bootstrapped for the CDK (`npx cdk bootstrap`), at least at
 * the version the templates ask for: the stacks' assets (the >51,200-byte TigerBeetle template,
 * the app image) go to the bootstrap bucket and repository, and each template's
 * `CheckBootstrapVersion` rule refuses older ones. Judged only with AWS credentials (without
 * them preflight checks the templates alone, and says so in the docs); with credentials a
 * version that cannot be read or checked is a blocking finding like a missing one: a gate that
 * cannot see its input fails closed, and an acknowledgement (with its reason) is the way past it
 * for credentials that are not allowed to read the parameter.
 */
import type { PreflightStack, Rule } from "../types.ts";

/** What the templates require: the SSM parameter they read and the lowest version they take. */
function bootstrapRequirement(stacks: readonly PreflightStack[]):
  | { readonly parameterName: string; readonly minimumVersion: number; readonly stack: string }
  | undefined {
  let requirement: { parameterName: string; minimumVersion: number; stack: string } | undefined;
  for (const stack of stacks) {
    const template = stack.template as { Parameters?: Record<string, { Default?: unknown }>;
      Rules?: Record<string, unknown> };
    const parameterName = template.Parameters?.["BootstrapVersion"]?.Default;
    if (typeof parameterName !== "string") continue;
    // `Fn::Contains [["1", …, "5"], Ref BootstrapVersion]` negated: versions 1–5 refused.
    const refused = JSON.stringify(template.Rules?.["CheckBootstrapVersion"] ?? {})
      .match(/"Fn::Contains":\[\[([^\]]*)\]/)?.[1]?.match(/\d+/g)?.map(Number) ?? [];
    const minimumVersion = refused.length > 0 ? Math.max(...refused) + 1 : 1;
    if (requirement === undefined || minimumVersion > requirement.minimumVersion) {
      requirement = { parameterName, minimumVersion, stack: stack.id };
    }
  }
  return requirement;
}

/**
 * The SSM parameter the templates read their bootstrap version from (the default qualifier's,
 * unless `custom.ts` gives the stacks another synthesizer); undefined when none reads one.
 */
export function bootstrapParameterName(stacks: readonly PreflightStack[]): string | undefined {
  return bootstrapRequirement(stacks)?.parameterName;
}

const bootstrapCommand = "npx cdk bootstrap aws://<account>/<region>";

export const cdkBootstrapMissing: Rule = {
  id: "CDK_BOOTSTRAP_MISSING",
  severity: "high",
  title: "The target account/region is not bootstrapped for the CDK, too old a version, or " +
    "its version could not be read",
  remediation: `Run \`${bootstrapCommand}\` (in infra/, with the deploying credentials) once ` +
    "per account and region; it is idempotent and upgrades an old bootstrap stack. When the " +
    "version cannot be read, allow these credentials ssm:GetParameter on it.",
  check(input) {
    const reading = input.cdkBootstrap;
    const required = bootstrapRequirement(input.stacks);
    if (reading === undefined || required === undefined) return [];
    const where = `${input.config.account ?? "the deploying account"} in ${input.config.region}`;
    if (reading.parameterName !== required.parameterName) {
      return [{ stack: required.stack,
        message: `the templates read ${required.parameterName}, but preflight read ` +
          `${reading.parameterName}, so the CDK bootstrap could not be checked`,
        remediation: `Check that \`${bootstrapCommand}\` ran with the qualifier the templates ` +
          "use, then acknowledge this finding with that reason." }];
    }
    switch (reading.status) {
      case "found":
        if (reading.version >= required.minimumVersion) return [];
        return [{ stack: required.stack,
          message: `${where} has CDK bootstrap version ${reading.version}, but the templates ` +
            `need ${required.minimumVersion} or newer: every stack would fail its ` +
            "CheckBootstrapVersion rule" }];
      case "missing":
        return [{ stack: required.stack,
          message: `${where} is not bootstrapped for the CDK (${reading.parameterName} does ` +
            "not exist): `cdk deploy` has no bucket for the TigerBeetle template and assets" }];
      case "unreadable":
        return [{ stack: required.stack,
          message: `could not read ${reading.parameterName} in ${where}, so the CDK ` +
            `bootstrap could not be checked: ${reading.reason}`,
          remediation: "Allow these credentials ssm:GetParameter on that parameter (the CDK " +
            "deploy role has it; a role that only assumes the CDK roles does not), or, when " +
            `you know \`${bootstrapCommand}\` has run, acknowledge this finding with that ` +
            "reason." }];
      case "no-credentials":
        return [];
    }
  },
};
