/**
 * Stable diagnostic codes of dazzle.toml (documented in docs/config.md), with their severity.
 * Tests and users match on these, never on the message text.
 */
import { codeWithSeverity, diagnosticBuilder,
  type CodeRegistry } from "../diagnostics/code-registry.ts";

export const configCodes = {
  "config/syntax": { severity: "error", summary: "not valid TOML" },
  "config/unknownKey": { severity: "error",
    summary: "a key or table Dazzle does not know, with the closest valid key" },
  "config/unknownSection": { severity: "warning",
    summary: "a top-level section that is not the framework's but close to one of its names" },
  "config/wrongType": { severity: "error",
    summary: "a value of the wrong type (e.g. a string where an integer belongs)" },
  "config/outOfRange": { severity: "error", summary: "a number outside its range" },
  "config/invalidValue": { severity: "error",
    summary: "a value not among the allowed ones, or in the wrong format" },
  "config/invalidCombination": { severity: "error", summary: "keys that contradict each other" },
  "config/invalidSecretReference": { severity: "error",
    summary: "a secret that is not `ssm:/…` or `secretsmanager:…`, or a bad variable name" },
  "config/deployDisabled": { severity: "error",
    summary: "`[deploy] enabled = false` and a deploy command was run" },
  "config/fileNotFound": { severity: "error",
    summary: "a file the config names (e.g. a Dockerfile) does not exist in the project" },
  "config/unknownEnvironment": { severity: "error",
    summary: "an environment (`--env`, `DAZZLE_ENV`, `[deploy.environments]`) dazzle.toml does " +
      "not describe, with the closest one" },
  "config/tooLarge": { severity: "error", summary: "dazzle.toml larger than the size limit" },
  "config/unreadable": { severity: "error", summary: "dazzle.toml exists but cannot be read" },
} as const satisfies CodeRegistry;

export type ConfigCode = keyof typeof configCodes;

/** `{ code, severity }` for a Diagnostic literal: the severity comes from the table above. */
export function configCode(code: ConfigCode) {
  return codeWithSeverity(configCodes, code);
}

export const configDiagnostic = diagnosticBuilder(configCodes);
