/**
 * The released binary's `deploy generate`, killed with SIGKILL at many moments of a run,
 * leaves infra/ entirely old, entirely new, or journaled (which diff refuses and the next
 * generate completes); two runs started together never leave templates and a record that
 * disagree. (tests/generate/transaction.test.ts tries every file-system call of the commit;
 * this tries the whole run as users start it, synthesis included.)
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { finished, makeSandbox, obtainBinary, runBinary, startBinary,
  type Sandbox } from "./binary-harness.ts";
import { infraFingerprint } from "../../testing/infra-fingerprint.ts";
import { withVolumeIops } from "../../testing/project-edits.ts";

const buildTimeoutMs = 180_000;
/** Kill moments tried, spread evenly over one measured run. */
const killMoments = 12;

let sandbox: Sandbox;
let oldPrint = "";
let newPrint = "";
let runMs = 0;

/** infra/ as path → hash; each run stamps its own time into the record, so that is left out. */
const fingerprint = (infraDir: string) => infraFingerprint(infraDir, { ignoreGeneratedAt: true });

function changeIops(project: string): void {
  const path = join(sandbox.folder, project, "dazzle.toml");
  writeFileSync(path, withVolumeIops(readFileSync(path, "utf8"), 12000));
}

beforeAll(async () => {
  sandbox = makeSandbox(await obtainBinary());
  expect((await runBinary(sandbox, ["init", "old", "--quiet"])).exitCode).toBe(0);
  expect((await runBinary(sandbox, ["deploy", "generate", "-p", "old", "--quiet"])).exitCode)
    .toBe(0);
  oldPrint = fingerprint(join(sandbox.folder, "old", "infra"));
  changeIops("old");
  cpSync(join(sandbox.folder, "old"), join(sandbox.folder, "new"), { recursive: true });
  const started = performance.now();
  expect((await runBinary(sandbox, ["deploy", "generate", "-p", "new", "--quiet"])).exitCode)
    .toBe(0);
  runMs = performance.now() - started;
  newPrint = fingerprint(join(sandbox.folder, "new", "infra"));
  expect(newPrint).not.toBe(oldPrint);
}, buildTimeoutMs);
afterAll(() => rmSync(sandbox.folder, { recursive: true, force: true }));

describe("deploy generate from the binary", () => {
  test(`killed at ${killMoments} moments: old, new, or journaled then completed`, async () => {
    const states: string[] = [];
    for (let moment = 0; moment < killMoments; moment++) {
      const project = `kill-${moment}`;
      cpSync(join(sandbox.folder, "old"), join(sandbox.folder, project), { recursive: true });
      const child = startBinary(sandbox, ["deploy", "generate", "-p", project, "--quiet"]);
      await Bun.sleep(runMs * (moment + 0.5) / killMoments);
      child.kill("SIGKILL");
      await finished(child);
      const infra = join(sandbox.folder, project, "infra");
      const print = fingerprint(infra);
      if (existsSync(join(infra, ".dazzle", "pending-generation.json"))) {
        states.push("journaled");
        const diff = await runBinary(sandbox, ["deploy", "diff", "-p", project, "--against",
          "record"]);
        expect([diff.exitCode, diff.stderr]).toEqual([2, expect.stringContaining(
          "interrupted `dazzle deploy generate`",
        )]);
      } else {
        const state = print === oldPrint ? "old" : print === newPrint ? "new" : "mixed";
        expect({ moment, state }).not.toEqual({ moment, state: "mixed" });
        states.push(state);
      }
      // Whatever the moment, the next generate ends in the new generation.
      const again = await runBinary(sandbox, ["deploy", "generate", "-p", project, "--quiet"]);
      expect([moment, again.exitCode, again.stderr]).toEqual([moment, 0, expect.any(String)]);
      expect({ moment, same: fingerprint(infra) === newPrint }).toEqual({ moment, same: true });
    }
    // The kills landed on both sides of the commit (not all before the process started).
    console.log(`kill outcomes: ${states.join(" ")}`);
    expect(states).toContain("old");
  }, 300_000);

  test("two runs started together: one waits its turn or is refused; the record verifies",
    async () => {
      cpSync(join(sandbox.folder, "old"), join(sandbox.folder, "race"), { recursive: true });
      const runs = await Promise.all(
        [0, 1].map(() =>
          finished(startBinary(sandbox, ["deploy", "generate", "-p", "race", "--quiet"]))
        ),
      );
      for (const run of runs) {
        if (run.exitCode !== 0) {
          expect([run.exitCode, run.stderr]).toEqual([1, expect.stringContaining(
            "another `dazzle deploy generate` is writing this infra folder",
          )]);
        }
      }
      expect(runs.some((run) => run.exitCode === 0)).toBe(true);
      expect(fingerprint(join(sandbox.folder, "race", "infra"))).toBe(newPrint);
      const diff = await runBinary(sandbox, ["deploy", "diff", "-p", "race", "--against",
        "record"]);
      expect([diff.exitCode, diff.stdout.trim().split("\n").at(-1)]).toEqual([0, "no changes"]);
    }, 120_000);
});
