/**
 * Progress of slow steps: drawn on stderr only when it is a terminal (and not with --quiet),
 * one line rewritten in place and erased at the end; nothing at all anywhere else.
 */
import { describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { progressFor } from "../../cli/progress.ts";
import { recordingContext, type RecordingContext } from "../../testing/command-context.ts";
import { runInProcess } from "./fake-io.ts";

const eraseLine = "\r\x1b[2K";

function context(stderrIsTty: boolean, quiet = false): RecordingContext {
  return recordingContext({ cwd: "/", quiet, stderrIsTty });
}

describe("progress", () => {
  test("on a terminal: the label, byte counts, then the line erased", () => {
    const terminal = context(true);
    let now = 1_000;
    const task = progressFor(terminal, () => now).begin("uploading x.tar.gz", 2 * 1024 * 1024);
    task.update(512 * 1024);
    // At most 10 redraws a second: the update above was too soon, this one is drawn.
    now += 100;
    task.update(1024 * 1024);
    task.end();
    task.end();
    expect(terminal.written("stderr")).toEqual([`${eraseLine}uploading x.tar.gz  …`,
      `${eraseLine}uploading x.tar.gz  1.0/2.0 MiB 50%`, eraseLine]);
  });

  test("not a terminal, or --quiet: nothing", () => {
    for (const quietOrPipe of [context(false), context(true, true)]) {
      const task = progressFor(quietOrPipe).begin("uploading", 10);
      task.update(5);
      task.end();
      expect(quietOrPipe.written("stderr")).toEqual([]);
    }
  });

  test("preflight shows the synthesis on a terminal and leaves only its report", async () => {
    const project = mkdtempSync(join(tmpdir(), "dazzle-progress-"));
    try {
      cpSync(join(import.meta.dir, "../../example"), project, { recursive: true });
      const args = ["deploy", "preflight", "-p", project, "--format", "json", "--validate"];
      const env = { AWS_EC2_METADATA_DISABLED: "true", PATH: "" };
      const shown = await runInProcess(args, { env, stderrTty: true });
      expect(shown.stderr).toContain(
        `${eraseLine}synthesizing the stacks, with aws-cdk-lib's CloudFormation validation  …`,
      );
      expect(shown.stderr).toContain(`…${eraseLine}`);
      const piped = await runInProcess(args, { env });
      expect(piped.stderr).not.toContain(eraseLine);
      expect(JSON.parse(piped.stdout).findings).toEqual(JSON.parse(shown.stdout).findings);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 120_000);
});
