/**
 * The three ways a command can end badly (the team's style guide, after changesets):
 * - `UsageError`: the command line is wrong. Exit 2, message + hint, no stack.
 * - `UserError`: the input (DSL, dazzle.toml, project) is wrong or the job failed for a reason
 *   the user can act on. Exit 1 (or `exitCode`); printed like a diagnostic (`error[code]:
 *   message` + hint, cli/reporter.ts), no stack. Its code is registered (cli/codes.ts or a
 *   stage's table) and documented.
 * - `ExitError`: already reported to the user; just exit with this code.
 * Anything else that escapes a command is a bug: `main.ts` prints the stack and says so.
 */
import type { ErrorCode } from "./codes.ts";

export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}

export class ExitError extends Error {
  override readonly name = "ExitError";
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** Exit codes, documented in the README. */
export const exitCodes = {
  ok: 0,
  /** Findings, validation errors, changes found by `diff`, or a failed job. */
  failure: 1,
  /** Bad command line: unknown command or flag, missing argument. */
  usage: 2,
} as const;
