/**
 * A test that cannot run on this machine (a tool not installed, ../shared absent) must not pass
 * in silence: it is reported as skipped, with the reason in its name, because the test command
 * lists the skipped tests by name at the end of a run.
 */
import { test } from "bun:test";

type TestBody = () => void | Promise<unknown>;

/** `test`, or a skipped test named `<name> [skipped: <reason>]` when `reason` is given. */
export function testUnless(reason: string | undefined) {
  return (name: string, body: TestBody, timeoutMs?: number): void => {
    if (reason === undefined) test(name, body, timeoutMs);
    else test.skip(`${name} [skipped: ${reason}]`, () => {});
  };
}
