/** Compared with the baseline (the record, or the deployed stacks): would data be lost? */
import { diffInfra } from "../../versioning/index.ts";
import type { FindingDraft, Rule } from "../types.ts";
import { currentIdentity } from "./baseline.ts";

export const destructiveChange: Rule = {
  id: "DESTRUCTIVE_CHANGE",
  severity: "critical",
  title: "Stateful resource replaced or removed compared with the baseline",
  remediation: "Revert the change that causes it (run `dazzle deploy diff` to see it), or, " +
    "when the data is truly disposable or migrated, acknowledge this finding with a reason.",
  check(input) {
    const baseline = input.baseline;
    if (baseline === undefined || baseline.templates.size === 0) return [];
    const recorded = baseline.recordedIdentity;
    const now = currentIdentity(input);
    if (baseline.source === "record" && recorded !== undefined &&
      (recorded.app !== now.app || recorded.environment !== now.environment)) {
      // Other stack names: DEPLOYMENT_MOVED says what that means; a resource-by-resource
      // comparison of two different deployments would only add noise.
      return [];
    }
    const against = baseline.source === "record"
      ? `the recorded version ${baseline.version ?? ""}`.trimEnd()
      : "the deployed stacks";
    const diff = diffInfra(baseline.templates, input.stacks);
    return diff.destructive.map((change): FindingDraft => {
      const what = `${change.statefulKind ?? change.type} ${change.logicalId}`;
      const how = change.change === "replaced"
        ? `would be replaced (new, empty resource) because ${
          change.replacedBy.join(", ") ||
          "a replacement-only property"
        } changed`
        : change.removal === "retained"
        ? "would be removed from the stack (retained in AWS but detached: whatever takes its " +
          "place starts empty)"
        : "would be deleted with its data";
      return {
        stack: change.stack,
        logicalId: change.logicalId,
        message: `${what} ${how}, compared with ${against}`,
      };
    });
  },
};
