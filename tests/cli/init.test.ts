/** `dazzle init`: writes the embedded example, never overwrites without --force. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import {
  existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadDeployConfig } from "../../config/index.ts";
import { exampleProjectFiles } from "../../embed/example-project.ts";
import { runInProcess } from "./fake-io.ts";

let folder = "";
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "dazzle-init-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

function listFiles(root: string, current = root): string[] {
  return readdirSync(current, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(root, join(current, entry.name))
      : [relative(root, join(current, entry.name))]
  ).sort();
}

describe("dazzle init", () => {
  test("writes the example project into a new folder, byte for byte", async () => {
    const run = await runInProcess(["init", "my-app"], { cwd: folder });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("Created a Dazzle project in my-app.\nNext:\n" +
      "  dazzle check -p my-app\n  dazzle deploy plan -p my-app\n");
    const target = join(folder, "my-app");
    expect(listFiles(target)).toEqual(exampleProjectFiles.map((file) => file.path).sort());
    for (const file of exampleProjectFiles) {
      expect(readFileSync(join(target, file.path), "utf8")).toBe(file.text);
    }
  });

  test("the written dazzle.toml is valid", async () => {
    await runInProcess(["init"], { cwd: folder });
    const loaded = await loadDeployConfig(folder, { dazzleVersion: "0.1.0" });
    expect([loaded.diagnostics, loaded.config !== undefined]).toEqual([[], true]);
  });

  test("refuses to overwrite, lists the files, and writes nothing", async () => {
    mkdirSync(join(folder, "dsl"));
    writeFileSync(join(folder, "dazzle.toml"), "# mine\n");
    writeFileSync(join(folder, "dsl", "app.dsl"), "# mine\n");
    const run = await runInProcess(["init"], { cwd: folder });
    expect(run).toEqual({ exitCode: 1, stdout: "",
      stderr: "error[cli/wouldOverwrite]: . already has dazzle.toml, dsl/app.dsl; nothing was " +
        "written\n  = hint: pass --force to overwrite them, or choose an empty folder\n" });
    expect(listFiles(folder)).toEqual(["dazzle.toml", "dsl/app.dsl"]);
    expect(readFileSync(join(folder, "dazzle.toml"), "utf8")).toBe("# mine\n");
  });

  test("--force overwrites", async () => {
    writeFileSync(join(folder, "dazzle.toml"), "# mine\n");
    const run = await runInProcess(["init", "--force", "--quiet"], { cwd: folder });
    expect([run.exitCode, run.stderr]).toEqual([0, ""]);
    expect(readFileSync(join(folder, "dazzle.toml"), "utf8")).toBe(exampleProjectFiles[0]!.text);
  });
});

describe("the embedded example", () => {
  test("matches example/ in the repository, file for file", () => {
    const exampleDir = join(import.meta.dir, "../../example");
    expect(exampleProjectFiles.map((file) => file.path).sort()).toEqual(listFiles(exampleDir));
    for (const file of exampleProjectFiles) {
      expect(file.text).toBe(readFileSync(join(exampleDir, file.path), "utf8"));
    }
  });

  test("onto an existing file: a clear error, the file untouched", async () => {
    writeFileSync(join(folder, "notes.txt"), "mine\n");
    const run = await runInProcess(["init", "notes.txt"], { cwd: folder });
    expect([run.exitCode, run.stderr]).toEqual([1, "error[cli/wouldOverwrite]: notes.txt is a " +
      "file, not a folder; nothing was written\n" +
      "  = hint: name a new or existing folder for the project\n"]);
    expect(readFileSync(join(folder, "notes.txt"), "utf8")).toBe("mine\n");
  });

  test("a dangling dazzle.toml link is a conflict; --force replaces the link, not its target",
    async () => {
      symlinkSync(join(folder, "elsewhere", "dazzle.toml"), join(folder, "dazzle.toml"));
      const refused = await runInProcess(["init"], { cwd: folder });
      expect([refused.exitCode, refused.stderr.split("\n")[0]]).toEqual([1,
        "error[cli/wouldOverwrite]: . already has dazzle.toml; nothing was written"]);
      expect((await runInProcess(["init", "--force"], { cwd: folder })).exitCode).toBe(0);
      expect(lstatSync(join(folder, "dazzle.toml")).isFile()).toBe(true);
      expect(existsSync(join(folder, "elsewhere"))).toBe(false);
    });
});
