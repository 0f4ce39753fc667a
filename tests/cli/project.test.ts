/** Loading a project for a command: config and DSL problems reported together, compiler-style. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CommandContext } from "../../cli/command.ts";
import { ExitError, UserError } from "../../cli/errors.ts";
import { planProject, resolveProjectDir } from "../../cli/project.ts";
import { recordingContext } from "../../testing/command-context.ts";

let folder = "";
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "dazzle-project-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

function fakeContext(cwd: string): { context: CommandContext; stderr: () => string } {
  const context = recordingContext({ cwd });
  return { context, stderr: () => context.text("stderr") };
}

describe("planProject", () => {
  test("a config error is shown with file:line:col relative to the user, then exit 1", async () => {
    mkdirSync(join(folder, "app", "dsl"), { recursive: true });
    writeFileSync(join(folder, "app", "dazzle.toml"), "[deploy]\nregoin = \"us-east-1\"\n");
    const { context, stderr } = fakeContext(folder);
    const failure = await planProject(context, join(folder, "app")).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ExitError);
    expect((failure as ExitError).exitCode).toBe(1);
    // The empty dsl/ folder may add front-end diagnostics; the config one must be there whole.
    expect(stderr()).toContain(
      "app/dazzle.toml:2:1: error[config/unknownKey]: unknown key 'deploy.regoin' in [deploy]\n" +
        "  |\n2 | regoin = \"us-east-1\"\n  | ^^^^^^\n  = hint: did you mean 'region'?\n",
    );
  });

  test("a folder that does not exist is a user error", async () => {
    const { context } = fakeContext(folder);
    const failure = await planProject(context, join(folder, "nope")).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect([(failure as UserError).code, (failure as UserError).message]).toEqual([
      "project/folderMissing",
      `project folder ${join(folder, "nope")} does not exist`,
    ]);
  });

  test("resolveProjectDir: relative to the working folder, default the working folder", () => {
    const { context } = fakeContext("/srv/here");
    expect([resolveProjectDir(context, undefined), resolveProjectDir(context, "../app"),
      resolveProjectDir(context, "/abs")]).toEqual(["/srv/here", "/srv/app", "/abs"]);
  });
});

describe("[deploy] enabled = false", () => {
  test("stops every deploy command at the line that disables it", async () => {
    mkdirSync(join(folder, "dsl"));
    writeFileSync(join(folder, "dazzle.toml"), "[deploy]\nenabled = false\n");
    const { context, stderr } = fakeContext(folder);
    const failure = await planProject(context, folder).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ExitError);
    expect(stderr()).toContain("dazzle.toml:2:1: error[config/deployDisabled]: deployment is " +
      "disabled for this project ([deploy] enabled = false)\n");
  });
});
