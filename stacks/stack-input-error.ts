/**
 * Thrown by a stack when the plan hands it a value it cannot deploy (e.g. 4 TigerBeetle
 * replicas). It is the user's setting, not a bug: the CLI prints it without a stack trace.
 * Recognised by a global symbol, not `instanceof`, so a copy of this module (the generated
 * `infra/` app, or a second bundle) still matches; aws-cdk-lib brands its errors the same way.
 */
const stackInputErrorBrand = Symbol.for("dazzle.StackInputError");

export class StackInputError extends Error {
  override readonly name = "StackInputError";
  readonly [stackInputErrorBrand] = true;
}

export function isStackInputError(error: unknown): error is StackInputError {
  return typeof error === "object" && error !== null && stackInputErrorBrand in error;
}
