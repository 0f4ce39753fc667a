/**
 * The target account/region must be bootstrapped for the CDK (`npx cdk bootstrap`), at least at
 * the version the templates ask for: the stacks' assets (the >51,200-byte TigerBeetle template,
 * the app image) go to the bootstrap bucket and repository, and each template's
 * `CheckBootstrapVersion` rule refuses older ones. Judged only when preflight could read the
 * version (aws/cdk-bootstrap.ts, with AWS credentials).
 */
import type { PreflightStack, Rule } from "../types.ts";

/** What the templates require: the SSM parameter they read and the lowest version they take. */
function bootstrapRequirement(stacks: readonly PreflightStack[]):
  { readonly parameterName: string; readonly minimumVersion: number; readonly stack: string } |
  undefined {
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

const bootstrapCommand = "npx cdk bootstrap aws://<account>/<region>";

export const cdkBootstrapMissing: Rule = {
  id: "CDK_BOOTSTRAP_MISSING",
  severity: "high",
  title: "The target account/region is not bootstrapped for the CDK, or too old a version",
  remediation: `Run \`${bootstrapCommand}\` (in infra/, with the deploying credentials) once ` +
    "per account and region; it is idempotent and upgrades an old bootstrap stack.",
  check(input) {
    const reading = input.cdkBootstrap;
    const required = bootstrapRequirement(input.stacks);
    if (reading === undefined || required === undefined) return [];
    const where = `${input.config.account ?? "the deploying account"} in ${input.config.region}`;
    if (reading.parameterName !== required.parameterName) {
      return [{ severity: "info", stack: required.stack,
        message: `the templates read ${required.parameterName}, but preflight read ` +
          `${reading.parameterName} (a custom bootstrap qualifier?): not checked` }];
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
        return [{ severity: "warn", stack: required.stack,
          message: `could not read ${reading.parameterName} in ${where}, so the CDK ` +
            `bootstrap was not checked: ${reading.reason}`,
          remediation: "Allow ssm:GetParameter on that parameter for these credentials, or " +
            `make sure \`${bootstrapCommand}\` has run.` }];
      case "no-credentials":
        return [];
    }
  },
};
