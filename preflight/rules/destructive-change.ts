/** Compared with what was recorded by the last `deploy generate`: would data be lost? */
import { diffInfra } from "../../versioning/diff.ts";
import type { FindingDraft, Rule } from "../types.ts";

export const destructiveChange: Rule = {
  id: "DESTRUCTIVE_CHANGE",
  severity: "critical",
  title: "Stateful resource replaced or removed compared with the recorded version",
  remediation: "Revert the change that causes it (run `dazzle deploy diff` to see it), or, " +
    "when the data is truly disposable or migrated, acknowledge this finding with a reason.",
  check(input) {
    if (input.recorded === undefined) return [];
    const recordedEnvironment = input.recorded.environment;
    if (recordedEnvironment !== undefined && recordedEnvironment !== input.config.environment) {
      // Other stack names: nothing of the recorded deployment is touched by this one.
      return [{ severity: "info", message: `the recorded version ${input.recorded.version} is ` +
        `for ${recordedEnvironment}, this run is ${input.config.environment}: destructive ` +
        `changes not judged`, remediation: "Run `dazzle deploy generate` for this environment " +
        "into its own infra folder (`--out`) and pass it with `--infra`." }];
    }
    const diff = diffInfra(input.recorded.templates, input.stacks);
    return diff.destructive.map((change): FindingDraft => {
      const what = `${change.statefulKind ?? change.type} ${change.logicalId}`;
      const how = change.change === "replaced"
        ? `would be replaced (new, empty resource) because ${change.replacedBy.join(", ") ||
          "a replacement-only property"} changed`
        : change.removal === "retained"
          ? "would be removed from the stack (retained in AWS but detached: whatever takes its " +
            "place starts empty)"
          : "would be deleted with its data";
      return {
        stack: change.stack,
        logicalId: change.logicalId,
        message: `${what} ${how}, compared with recorded version ${input.recorded!.version}`,
      };
    });
  },
};
