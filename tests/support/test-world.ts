/**
 * The per-file emulated world for bun:test suites (testing/harness.ts, which benchmarks also
 * import outside the test runner, has the rest).
 */
import { afterAll, beforeAll } from "bun:test";
import { startTestWorld, type TestWorld } from "../../testing/harness.ts";

/** Starting moto and the proxy on a loaded 2-core machine can take a while. */
const worldStartTimeoutMs = 40_000;
/** Stopping removes the world's work folder, with every data file the tests left in it. */
const worldStopTimeoutMs = 60_000;

/**
 * One emulated world per test file: started before its tests, stopped after them. Returns a
 * getter, since the world exists only once `beforeAll` has run.
 */
export function useTestWorld(): () => TestWorld {
  let world: TestWorld | undefined;
  beforeAll(async () => {
    world = await startTestWorld();
  }, worldStartTimeoutMs);
  afterAll(async () => {
    await world?.stop();
  }, worldStopTimeoutMs);
  return () => {
    if (!world) throw new Error("the test world is used before beforeAll started it");
    return world;
  };
}
