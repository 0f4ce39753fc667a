/**
 * Output that cannot be written is an error, not a silent success: a full disk must not turn
 * `dazzle deploy plan --json > plan.json` into exit 0 with the plan lost. A reader that goes
 * away (`| head`) is not an error, as for any Unix tool.
 */
import { describe, expect, test } from "bun:test";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync,
  writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { outputFailureReport, standardOutput } from "../../cli/standard-output.ts";
import { generateProject } from "../../frontend/generated-project.ts";
import { repoRoot } from "../frontend/test-env.ts";

const planCommand = [process.execPath, join(repoRoot, "main.ts"), "deploy", "plan", "-p",
  join(repoRoot, "example"), "--json"];
const env = { ...process.env, AWS_EC2_METADATA_DISABLED: "true", NO_COLOR: "1" };

/** A pipe's two descriptors, through a named pipe (node:fs has no pipe()). */
function pipePair(): [number, number] {
  const dir = mkdtempSync(join(tmpdir(), "dazzle-fifo-"));
  const fifo = join(dir, "fifo");
  expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
  const readEnd = openSync(fifo, "r+");
  const writeEnd = openSync(fifo, "w");
  rmSync(dir, { recursive: true, force: true });
  return [readEnd, writeEnd];
}

describe("standard output", () => {
  test("a full disk (/dev/full) makes the command fail with a clear message", () => {
    const full = openSync("/dev/full", "w");
    try {
      const run = Bun.spawnSync(planCommand, { stdout: full, stderr: "pipe", env });
      expect(run.exitCode).toBe(1);
      // The example has no app image yet: plan's warning about it comes first.
      expect(run.stderr.toString()).toEndWith(
        "\nerror: could not write the output: ENOSPC: no space left on device, write\n",
      );
      expect(run.stderr.toString()).not.toContain("    at ");
    } finally {
      closeSync(full);
    }
  });

  test("a reader that stops early is not an error", async () => {
    // A plan of ~200 KB: more than a pipe holds, so the writer meets the closed pipe.
    const dir = mkdtempSync(join(tmpdir(), "dazzle-stdout-"));
    try {
      mkdirSync(join(dir, "dsl"));
      for (const file of generateProject(1_000)) writeFileSync(join(dir, file.path), file.text);
      const child = Bun.spawn([...planCommand.slice(0, 4), "-p", dir, "--json"], { stdout: "pipe",
        stderr: "pipe", env });
      const reader = child.stdout.getReader();
      await reader.read();
      await reader.cancel();
      expect(await child.exited).toBe(0);
      expect(await new Response(child.stderr).text()).not.toContain("error");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a closed pipe is recorded as EPIPE, and EPIPE alone is not reported", () => {
    const [readEnd, writeEnd] = pipePair();
    closeSync(readEnd);
    const output = standardOutput(writeEnd);
    output.write("lost\n");
    output.write("skipped after the first failure\n");
    closeSync(writeEnd);
    expect(output.failure()?.code).toBe("EPIPE");
    expect(outputFailureReport(output.failure())).toBeUndefined();
    const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), {
      code: "ENOSPC",
    });
    expect(outputFailureReport(enospc)).toEqual({ exitCode: 1,
      message: "error: could not write the output: ENOSPC: no space left on device, write\n" });
  });

  test("everything reaches a file, also when it is larger than any pipe buffer", () => {
    const dir = mkdtempSync(join(tmpdir(), "dazzle-stdout-"));
    try {
      const path = join(dir, "out.txt");
      const fd = openSync(path, "w");
      const output = standardOutput(fd);
      const line = "é ".repeat(500) + "\n";
      for (let index = 0; index < 4_000; index++) output.write(line);
      closeSync(fd);
      expect(output.failure()).toBeUndefined();
      expect(readFileSync(path, "utf8")).toBe(line.repeat(4_000));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
