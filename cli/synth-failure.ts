/**
 * What the user should see when building the stacks fails. A stack refusing a value from the
 * plan (StackInputError) or CDK rejecting a construct's props (its ValidationError) is about the
 * user's settings: a UserError with advice, no stack trace, whichever command synthesized.
 * Anything else is a bug and keeps its stack.
 */
import { isStackInputError } from "../stacks/stack-input-error.ts";
import { UserError } from "./errors.ts";

/**
 * aws-cdk-lib brands its ValidationError with this global symbol (`Errors.isValidationError`
 * tests the same); checking it here keeps aws-cdk-lib out of this module's imports.
 */
const cdkValidationErrorBrand = Symbol.for("@aws-cdk/core.ValidationError");

function isCdkValidationError(error: unknown): error is Error {
  return error instanceof Error && cdkValidationErrorBrand in error;
}

/** The UserError for a settings problem found while synthesizing; undefined for anything else. */
export function synthFailureAsUserError(error: unknown): UserError | undefined {
  if (isStackInputError(error)) {
    return new UserError("synth/stackRefused", `the stacks cannot be built: ${error.message}`,
      "`dazzle deploy preflight` explains each finding; `dazzle deploy plan` shows what every " +
        "[deploy] setting resolves to");
  }
  if (isCdkValidationError(error)) {
    return new UserError("synth/cdkValidation", `the stacks cannot be built: ${error.message}`,
      "`dazzle deploy plan` shows what each [deploy] setting resolves to");
  }
  return undefined;
}
