/**
 * Checks on the baseline itself: one that cannot be read or verified blocks (the comparison
 * checks would otherwise pass for want of anything to compare), and a project whose stacks
 * would live elsewhere than the recorded ones (another app name, environment, region or
 * account) would create a second, empty deployment beside the first.
 */
import { type DeploymentIdentity, describeIdentity } from "../../versioning/index.ts";
import { configSpan } from "../sources.ts";
import type { FindingDraft, PreflightInput, Rule } from "../types.ts";

export const baselineUnverified: Rule = {
  id: "BASELINE_UNVERIFIED",
  severity: "critical",
  title: "The baseline (record or deployed stacks) could not be read or verified",
  remediation: "Restore infra/ as committed after the last deploy (`git checkout -- infra/`), " +
    "or fix the access the message names; changes cannot be judged until then.",
  check(input) {
    return (input.baseline?.problems ?? []).map((problem): FindingDraft => ({
      message: `${problem.message}: destructive and TigerBeetle changes cannot be judged ` +
        `against ${input.baseline!.source === "record" ? "the record" : "the deployed stacks"}`,
      ...(problem.hint ? { remediation: `${capitalized(problem.hint)}.` } : {}),
    }));
  },
};

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where this run's stacks would live. */
export function currentIdentity(input: PreflightInput): DeploymentIdentity {
  const { app, environment, region, account } = input.aws;
  return { app, environment, region, ...(account ? { account } : {}) };
}

const identityKeys = [
  ["app", undefined],
  ["environment", "deploy.environment"],
  ["region", "deploy.region"],
  ["account", "deploy.account"],
] as const;

export const deploymentMoved: Rule = {
  id: "DEPLOYMENT_MOVED",
  severity: "critical",
  title: "App name, environment, region or account changed: new stacks beside the old ones",
  remediation: "Change it back. To really move, deploy the new stacks, migrate the TigerBeetle " +
    "ledger and the database into them, then delete the old stacks yourself; acknowledge this " +
    "finding with a reason for that one deploy.",
  check(input) {
    const recorded = input.baseline?.recordedIdentity;
    if (recorded === undefined) return [];
    const now = currentIdentity(input);
    const changed = identityKeys.filter(([key]) =>
      recorded[key] !== now[key] &&
      (key !== "account" || (recorded.account !== undefined && now.account !== undefined))
    );
    if (changed.length === 0) return [];
    const span = changed.map(([, source]) => source && configSpan(input, source))
      .find((found) => found !== undefined);
    return [{
      ...(span ? { span } : {}),
      message: `${
        changed.map(([key]) =>
          `${key} ${recorded[key] ?? "(unset)"} → ` +
          `${now[key] ?? "(unset)"}`
        ).join(", ")
      }: CloudFormation would create new stacks ` +
        `(${describeIdentity(now)}) with a new, empty TigerBeetle cluster and database, and ` +
        `leave the recorded ones (${describeIdentity(recorded)}) running`,
    }];
  },
};
