/**
 * dazzle.toml is the framework's file: its sections are accepted, `[project] name` and
 * `[modules] paths` are read, `[deploy]` stays strict, and a misspelt section is caught.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { frameworkSections, parseDeployConfig } from "../../config/index.ts";
import { runPipeline } from "../../pipeline/index.ts";

const options = { dazzleVersion: "0.1.0" };
const parse = (toml: string) => parseDeployConfig(toml, "dazzle.toml", options);
const brief = (toml: string) =>
  parse(toml).diagnostics.map((
    d,
  ) => [d.code, d.severity, `${d.span?.line}:${d.span?.column}`, d.message, d.hint]);

/** The shape of the original framework's example projects' dazzle.toml. */
const original = `[project]
name = "support_tickets"
version = "0.1.0"
root = "support_tickets.core"

[modules]
paths = ["./dsl"]

[stack]
name = "dnr"

[ui]
theme = "stripe"

[auth]
enabled = true
provider = "session"

[llm]
driver = "claude-cli"
`;

describe("the framework's sections", () => {
  test("an original dazzle.toml is accepted as it is: no diagnostic, dev defaults", () => {
    const parsed = parse(original);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.config?.environment).toBe("dev");
    expect(parsed.project).toEqual({ name: "support_tickets", dslFolders: ["dsl"] });
  });

  test("with a [deploy] section added, the deploy settings are read", () => {
    const parsed = parse(original + "\n[deploy]\nenvironment = \"staging\"\nregion = " +
      "\"eu-west-2\"\n\n[deploy.tigerbeetle]\nnode_count = 3\n");
    expect(parsed.diagnostics).toEqual([]);
    expect([parsed.config?.environment, parsed.config?.region,
      parsed.config?.tigerbeetle.nodeCount]).toEqual(["staging", "eu-west-2", 3]);
  });

  test("every framework section, with any content, is accepted", () => {
    const toml = frameworkSections.map((section) =>
      `[${section}]\nanything = "goes"\n[${section}.nested]\ndeep = [1, 2]\n`
    ).join("\n");
    expect(brief(toml)).toEqual([]);
  });

  test("[deploy] stays strict: an unknown key is an error with a suggestion", () => {
    expect(brief(original + "[deploy.compte]\ncpu = 512\n")).toEqual([["config/unknownKey", "error",
      "21:9", "unknown key 'deploy.compte' in [deploy]", "did you mean 'compute'?"]]);
  });

  test("a section close to `deploy` is an error: its settings would be lost", () => {
    expect(brief("[deplyo]\nregion = \"eu-west-2\"\n")).toEqual([["config/unknownKey", "error",
      "1:2", "unknown key 'deplyo' in the top level", "did you mean 'deploy'?"]]);
  });

  test("a section close to a framework one is a warning with the suggestion", () => {
    const parsed = parse("[atuh]\nenabled = true\n\n[modlues]\npaths = [\"src\"]\n");
    expect(parsed.config).toBeDefined();
    expect(brief("[atuh]\nenabled = true\n\n[modlues]\npaths = [\"src\"]\n")).toEqual([
      ["config/unknownSection", "warning", "1:2", "'atuh' is not a section of dazzle.toml; it " +
        "is kept but nothing reads it", "did you mean 'auth'?"],
      ["config/unknownSection", "warning", "4:2", "'modlues' is not a section of dazzle.toml; " +
        "it is kept but nothing reads it", "did you mean 'modules'?"],
    ]);
  });

  test("a section far from every known one is accepted silently (a newer framework's)", () => {
    expect(brief("[observability_plus]\nlevel = 3\n[db]\nurl = \"x\"\n")).toEqual([]);
  });

  test("[modules] paths: normalized, in order, each once", () => {
    expect(parse("[modules]\npaths = [\"./src/dsl/\", \"shared\", \"src/dsl\", \".\"]\n")
      .project.dslFolders).toEqual(["src/dsl", "shared", "."]);
  });

  test("[modules] paths and [project] name of the wrong shape are errors naming the key", () => {
    expect(brief("[project]\nname = 3\n[modules]\npaths = [\"/abs/dsl\"]\n")).toEqual([
      ["config/wrongType", "error", "2:1", "'project.name' must be a string, but it is an " +
        "integer (3)", undefined],
      ["config/invalidValue", "error", "4:1", "'modules.paths' lists \"/abs/dsl\"; each entry " +
        "must be a folder relative to the project folder", "for example: paths = [\"./dsl\"]"],
    ]);
    expect(brief("[modules]\npaths = []\n").map((d) => d[3])).toEqual([
      "'modules.paths' must be a list of 1 to 64 folder names, but it is an empty array",
    ]);
  });
});

describe("through the pipeline", () => {
  const root = mkdtempSync(join(tmpdir(), "dazzle-framework-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("the DSL is read from [modules] paths and the app named by [project] name", async () => {
    const dir = join(root, "folder-name");
    mkdirSync(join(dir, "src", "dsl", "more"), { recursive: true });
    mkdirSync(join(dir, "dsl"));
    writeFileSync(join(dir, "dazzle.toml"), "[project]\nname = \"support_tickets\"\n" +
      "[modules]\npaths = [\"./src/dsl\"]\n");
    writeFileSync(join(dir, "src", "dsl", "a.dsl"), "entity Ticket \"Ticket\":\n  id: uuid pk\n");
    writeFileSync(join(dir, "src", "dsl", "more", "b.dsl"), "entity Note \"Note\":\n" +
      "  id: uuid pk\n");
    // Not listed in [modules] paths: not read.
    writeFileSync(join(dir, "dsl", "ignored.dsl"), "this would not parse: (\n");
    const run = await runPipeline(dir, { dazzleVersion: "0.1.0", purpose: "deploy",
      clock: () => 0 });
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect([...run.sources.keys()].sort()).toEqual(["dazzle.toml", "src/dsl/a.dsl",
      "src/dsl/more/b.dsl"]);
    expect(run.plan?.aws.app).toBe("support-tickets");
  });

  test("the DSL's own `app` still names the app", async () => {
    const dir = join(root, "named");
    mkdirSync(join(dir, "dsl"), { recursive: true });
    writeFileSync(join(dir, "dazzle.toml"), "[project]\nname = \"other\"\n");
    writeFileSync(join(dir, "dsl", "a.dsl"), "app shop \"Shop\":\n  intent: \"sell\"\n");
    const run = await runPipeline(dir, { dazzleVersion: "0.1.0", purpose: "deploy",
      clock: () => 0 });
    expect(run.plan?.aws.app).toBe("shop");
  });
});
