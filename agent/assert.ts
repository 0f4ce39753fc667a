/**
 * Assertions detect programmer errors (broken invariants), never operating errors. They are
 * never stripped: a failed assertion crashes the agent loudly and does nothing more, and the
 * service manager restarts it. Operating errors (SSM failure, a process that exits) are handled
 * with bounded retry instead.
 */
export class AssertionError extends Error {
  override readonly name = "AssertionError";
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(`assertion failed: ${message}`);
}

export function assertNever(value: never, message: string): never {
  throw new AssertionError(`assertion failed: ${message}: ${JSON.stringify(value)}`);
}
