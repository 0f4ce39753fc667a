/**
 * `[deploy.compute] image`, `dockerfile`, `build_context` against real project folders: which of
 * the three image sources a project gets, and the errors for settings that cannot work.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDeployConfig } from "../../config/index.ts";

const scratch = mkdtempSync(join(tmpdir(), "dazzle-app-image-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let projects = 0;

/** A project folder with these files (path → text) and dazzle.toml's [deploy.compute] lines. */
async function load(files: Record<string, string>, compute = "", subfolder = "") {
  const root = join(scratch, `p${projects++}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const projectDir = join(root, subfolder);
  mkdirSync(projectDir, { recursive: true });
  writeFileSync(join(projectDir, "dazzle.toml"), `[deploy.compute]\n${compute}`);
  const loaded = await loadDeployConfig(projectDir, { dazzleVersion: "0.1.0" });
  return { image: loaded.config?.compute.image,
    diagnostics: loaded.diagnostics.map((d) => ({ code: d.code, line: d.span?.line,
      message: d.message })
    ) };
}

describe("which image a project gets", () => {
  test("neither a Dockerfile nor image: none", async () => {
    expect(await load({ "src/app.js": "" })).toEqual({ image: { source: "none" },
      diagnostics: [] });
  });

  test("a Dockerfile at the project root is found and built; .git, infra/ stay out", async () => {
    expect((await load({ Dockerfile: "FROM scratch\n" })).image).toEqual({
      source: "dockerfile",
      buildContext: ".",
      dockerfile: "Dockerfile",
      exclude: [".git", "**/cdk.out", "infra"],
    });
  });

  test("image wins over nothing: pulled as written", async () => {
    expect((await load({}, "image = \"ghcr.io/acme/app:1.0\"\n")).image).toEqual({
      source: "registry",
      uri: "ghcr.io/acme/app:1.0",
    });
  });

  test("a build context folder: its Dockerfile, and infra/ is not inside it", async () => {
    expect((await load({ "app/Dockerfile": "FROM scratch\n" }, "build_context = \"app\"\n"))
      .image).toEqual({ source: "dockerfile", buildContext: "app", dockerfile: "Dockerfile",
        exclude: [".git", "**/cdk.out"] });
  });

  test("a Dockerfile elsewhere in the context", async () => {
    expect(
      (await load({ "docker/web.Dockerfile": "FROM scratch\n" },
        "dockerfile = \"docker/web.Dockerfile\"\n")).image,
    ).toEqual({ source: "dockerfile", buildContext: ".", dockerfile: "docker/web.Dockerfile",
      exclude: [".git", "**/cdk.out", "infra"] });
  });

  test("the repository root as context for a project in a sub-folder", async () => {
    const loaded = await load({ "Dockerfile": "FROM scratch\n" },
      "build_context = \"..\"\ndockerfile = \"../Dockerfile\"\n", "service");
    expect(loaded.image).toEqual({ source: "dockerfile", buildContext: "..",
      dockerfile: "Dockerfile", exclude: [".git", "**/cdk.out", "service/infra"] });
  });

  test("a folder named Dockerfile is not a Dockerfile", async () => {
    expect((await load({ "Dockerfile/x": "" })).image).toEqual({ source: "none" });
  });
});

describe("settings that cannot work", () => {
  test("image and dockerfile together", async () => {
    expect(
      (await load({ Dockerfile: "" }, "image = \"ghcr.io/a/b:1\"\ndockerfile = \"Dockerfile\"\n"))
        .diagnostics,
    ).toEqual([{
      code: "config/invalidCombination",
      line: 3,
      message: "'deploy.compute.image' and 'deploy.compute.dockerfile' are both set: the " +
        "image is either pulled or built, not both",
    }]);
  });

  test("a configured Dockerfile that does not exist", async () => {
    expect((await load({}, "dockerfile = \"docker/Dockerfile\"\n")).diagnostics).toEqual([{
      code: "config/fileNotFound",
      line: 2,
      message: "there is no Dockerfile at docker/Dockerfile (relative to the project folder)",
    }]);
  });

  test("a Dockerfile outside its build context", async () => {
    expect(
      (await load({ "Dockerfile": "", "app/x": "" },
        "build_context = \"app\"\ndockerfile = \"Dockerfile\"\n")).diagnostics,
    ).toEqual([{
      code: "config/invalidCombination",
      line: 3,
      message: "the Dockerfile Dockerfile is not inside the build context app",
    }]);
  });

  test("absolute paths are refused: the generated app runs on other machines", async () => {
    expect((await load({}, "build_context = \"/srv/app\"\n")).diagnostics).toEqual([{
      code: "config/invalidValue",
      line: 2,
      message: "'deploy.compute.build_context' must be a path relative to the project folder, " +
        "with `/` separators, but it is \"/srv/app\"",
    }]);
  });
});
