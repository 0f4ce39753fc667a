/** Database changes against the baseline that RDS refuses or that would lose data. */
import { baselineStacks, databaseEngines, releaseNumbers } from "../baseline-stacks.ts";
import { configSpan } from "../sources.ts";
import type { FindingDraft, Rule } from "../types.ts";

export const databaseEngineDowngrade: Rule = {
  id: "DB_ENGINE_DOWNGRADE",
  severity: "critical",
  title: "Database engine major version downgrade",
  remediation: "Set `engine_version` in [deploy.database] back to the deployed major version " +
    "or newer: RDS cannot downgrade an engine in place; going back means a dump, a new cluster " +
    "and a restore.",
  check(input) {
    const before = new Map(databaseEngines(baselineStacks(input))
      .map((entry) => [`${entry.stack}/${entry.logicalId}`, entry]));
    return databaseEngines(input.stacks).flatMap((after): FindingDraft[] => {
      const previous = before.get(`${after.stack}/${after.logicalId}`);
      if (previous === undefined || previous.engine !== after.engine) return [];
      const oldMajor = releaseNumbers(previous.value)?.[0];
      const newMajor = releaseNumbers(after.value)?.[0];
      if (oldMajor === undefined || newMajor === undefined || newMajor >= oldMajor) return [];
      const span = configSpan(input, "deploy.database.engine_version");
      return [{
        stack: after.stack,
        logicalId: after.logicalId,
        ...(span ? { span } : {}),
        message: `${after.engine || "database"} ${previous.value} → ${after.value} is a major ` +
          `version downgrade: RDS refuses it (the update fails and rolls back the stack) and ` +
          `the data cannot be read by the older major version`,
      }];
    });
  },
};
