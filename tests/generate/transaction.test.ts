/**
 * `deploy generate` is atomic: a process killed (SIGKILL) before ANY of the file-system calls
 * of its commit leaves infra/ entirely old, entirely new, or — after the commit point — with
 * the journal that every reader refuses and the next generate completes into entirely new.
 * Each kill point is tried, in a child process, on a copy of the same prepared generation.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDeployConfig } from "../../config/index.ts";
import { loadSources } from "../../frontend/index.ts";
import { generateInfra, prepareGeneration } from "../../generate/index.ts";
import { localLockEnvironment } from "../../generate/lock.ts";
import { nodeFileSystem } from "../../generate/node-file-system.ts";
import { commitInfraChanges } from "../../generate/transaction.ts";
import { planDeployment } from "../../plan/index.ts";
import { InfraVersionError, pendingGenerationFile,
  readRecordedInfra } from "../../versioning/index.ts";
import { exampleSources, exampleToml, setKey,
  withoutChannels } from "../../testing/preflight-pipeline.ts";
import { infraFingerprint } from "../../testing/infra-fingerprint.ts";

const child = join(import.meta.dir, "fixtures", "commit-until-crash.ts");
let workspace = "";
let prepared = "";
let changesPath = "";
let oldPrint = "";
let newPrint = "";

async function planFor(toml: string, files = exampleSources) {
  const project = await loadSources(files);
  const config = parseDeployConfig(toml, "dazzle.toml", { dazzleVersion: "0.1.0" }).config!;
  const plan = planDeployment(project.appSpec, config, { projectName: "shop",
    dazzleVersion: "0.1.0" });
  return { aws: plan.aws, config };
}

function options(infraDir: string, clock: string) {
  return { infraDir, projectDir: workspace, dazzleVersion: "0.1.0", fs: nodeFileSystem,
    now: () => new Date(clock), lock: localLockEnvironment() };
}

function runChild(infraDir: string, crashAt: number, mode = "commit") {
  const result = Bun.spawnSync([process.execPath, child, infraDir, changesPath, String(crashAt),
    mode], { stdout: "pipe", stderr: "pipe" });
  return { killed: result.signalCode === "SIGKILL", exitCode: result.exitCode,
    calls: Number(result.stdout.toString().trim()), stderr: result.stderr.toString() };
}

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "dazzle-atomic-"));
  const oldInputs = await planFor(exampleToml);
  const template = join(workspace, "old");
  generateInfra(oldInputs.aws, oldInputs.config, options(template, "2026-11-01T00:00:00Z"));
  oldPrint = infraFingerprint(template);
  // New: other IOPS (files rewritten) and no channels or schedule (a stack and its stored
  // template removed).
  const newInputs = await planFor(setKey(exampleToml, "deploy.tigerbeetle", "volume_iops", "12000"),
    withoutChannels(undefined, true));
  prepared = join(workspace, "prepared");
  cpSync(template, prepared, { recursive: true });
  const { changes } = prepareGeneration(newInputs.aws, newInputs.config,
    options(prepared, "2026-11-02T00:00:00Z"));
  expect(changes.removals).toContain(".dazzle/templates/Messaging.json");
  changesPath = join(workspace, "changes.json");
  writeFileSync(changesPath,
    JSON.stringify({ files: [...changes.files], removals: changes.removals,
      folders: changes.folders }));
  const expected = join(workspace, "expected-new");
  cpSync(prepared, expected, { recursive: true });
  commitInfraChanges(expected, changes, nodeFileSystem);
  newPrint = infraFingerprint(expected);
  expect(newPrint).not.toBe(oldPrint);
}, 120_000);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe("a generation killed at every file-system call of its commit", () => {
  test("is entirely old, entirely new, or journaled and then completed to new", () => {
    const total = runChild(copyOfPrepared("count"), 0).calls;
    expect(total).toBeGreaterThan(10);
    const outcomes = { old: 0, new: 0, journaled: 0 };
    for (let crashAt = 1; crashAt <= total; crashAt++) {
      const infra = copyOfPrepared(`crash-${crashAt}`);
      const run = runChild(infra, crashAt);
      expect({ crashAt, killed: run.killed }).toEqual({ crashAt, killed: true });
      const print = infraFingerprint(infra);
      if (existsSync(join(infra, pendingGenerationFile))) {
        outcomes.journaled++;
        // Nothing reads a journaled infra/: the record reader refuses it...
        expect(() => readRecordedInfra(infra)).toThrow(InfraVersionError);
        // ... and completing it (itself killed once half-way, then again) gives the new one.
        const half = runChild(infra, 3, "complete");
        expect(half.killed || half.exitCode === 0).toBe(true);
        expect(runChild(infra, 0, "complete").exitCode).toBe(0);
        expect({ crashAt, state: infraFingerprint(infra) === newPrint ? "new" : "mixed" })
          .toEqual({ crashAt, state: "new" });
      } else {
        const state = print === oldPrint ? "old" : print === newPrint ? "new" : "mixed";
        expect({ crashAt, state }).not.toEqual({ crashAt, state: "mixed" });
        outcomes[state as "old" | "new"]++;
      }
      rmSync(infra, { recursive: true, force: true });
    }
    // Every phase was hit: staging (old), after the commit point (journaled), the end (new).
    expect(outcomes.old).toBeGreaterThan(0);
    expect(outcomes.journaled).toBeGreaterThan(0);
    expect(outcomes.new).toBeGreaterThan(0);
  }, 300_000);
});

function copyOfPrepared(name: string): string {
  const copy = join(workspace, name);
  cpSync(prepared, copy, { recursive: true });
  return copy;
}
