/**
 * `@use` directives expanded from the project's vocabulary manifest, as the original framework
 * expands them: what they add to the AppSpec, and where their diagnostics point.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { generatedVocabulary, generateProject,
  generateVocabularyProject } from "../../../frontend/generated-project.ts";
import { loadProject, loadSources, vocabularyManifestPath } from "../../../frontend/index.ts";
import { vocabularyManifest as manifest,
  vocabularySource as source } from "../../../testing/vocabulary-project.ts";
import "../test-env.ts";

const vocabulary = { path: vocabularyManifestPath, text: manifest };

test("@use lines expand in place: fields in the entity, surfaces at the top level", async () => {
  const loaded = await loadSources([{ path: "dsl/app.dsl", text: source }], vocabulary);
  expect(loaded.diagnostics).toEqual([]);
  const task = loaded.appSpec.entities.find((entity) => entity.name === "Task")!;
  expect(task.fields.map((field) => [field.name, field.modifiers, field.span.line])).toEqual([
    ["id", ["pk"], 6],
    ["title", ["required"], 7],
    // An expanded line points at its directive (lines 8-11).
    ["created_at", ["auto_add"], 8],
    ["created_by", [], 8],
    ["done", [], 12],
  ]);
  expect(task.fields[3]!.span).toEqual({ file: "dsl/app.dsl", line: 8, column: 3, endLine: 11,
    endColumn: 4 });
  expect(task.span).toMatchObject({ line: 5, endLine: 12 });
  const surfaces = loaded.appSpec.others.filter((other) => other.keyword === "surface");
  expect(surfaces.map((surface) => [surface.name, surface.title, surface.span.line])).toEqual([
    ["task_list", "Task List", 14],
    ["user_list", "User List", 15],
  ]);
  // The lines after the expansions keep their own positions.
  expect(loaded.appSpec.schedules[0]!.span).toMatchObject({ line: 17, column: 1 });
  // The sources map holds the file as written, for carets.
  expect(loaded.sources.get("dsl/app.dsl")).toBe(source);
});

test("a mistake inside an expansion is reported at its @use line, saying so", async () => {
  const text = source.replace("@use audit_fields(\n    user_entity=User,",
    "@use audit_fields(\n    user_entity=Usr,");
  const loaded = await loadSources([{ path: "dsl/app.dsl", text }], vocabulary);
  expect(loaded.diagnostics.map((d) => [d.code, d.span?.line, d.span?.column, d.message, d.hint]))
    .toEqual([["ref/unknownEntity", 8, 3, "field 'created_by' of entity 'Task' refers to entity " +
      "'Usr', which is not declared (in what '@use audit_fields' expands to)",
      "did you mean 'User'?"]]);
  // A syntax error in what an entry expands to names the entry.
  const broken = manifest.replace("mode: list", "mode: list &");
  const syntax = await loadSources([{ path: "dsl/app.dsl", text: source }], {
    path: vocabularyManifestPath,
    text: broken,
  });
  expect(syntax.diagnostics.map((d) => [d.code, d.span?.line, d.message])).toEqual([
    ["syntax/unexpectedCharacter", 14, "unexpected character '&' (in what '@use " +
      "crud_surface_set' expands to)"],
    ["syntax/unexpectedCharacter", 15, "unexpected character '&' (in what '@use " +
      "crud_surface_set' expands to)"],
  ]);
});

test("as with the original's Jinja, text after {% endif %} joins the next line", async () => {
  const joined = manifest.replace(
    "        created_at: datetime auto_add\n        created_by: ref {{ user_entity }}" +
      "{% if required %} required{% endif %}\n",
    "        created_by: ref {{ user_entity }}{% if required %} required{% endif %}\n" +
      "        created_at: datetime auto_add\n",
  );
  const loaded = await loadSources([{ path: "dsl/app.dsl", text: source }], {
    path: vocabularyManifestPath,
    text: joined,
  });
  // `created_by: ref Usercreated_at: datetime auto_add` is what the original parses too.
  expect(loaded.diagnostics.map((d) => [d.code, d.span?.line, d.message])).toEqual([
    ["ref/unknownEntity", 8, "field 'created_by' of entity 'Task' refers to entity " +
      "'Usercreated_at', which is not declared (in what '@use audit_fields' expands to)"],
  ]);
});

const root = mkdtempSync(join(tmpdir(), "dazzle-vocabulary-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test("a project's manifest is read from dazzle/local_vocab/, and only when needed", async () => {
  const withVocabulary = await loadProject(
    project("tasks", { "dsl/app.dsl": source, [vocabularyManifestPath]: manifest }),
  );
  expect(withVocabulary.diagnostics).toEqual([]);
  expect(withVocabulary.vocabularySource).toEqual(vocabulary);
  expect(withVocabulary.appSpec.others.map((other) => other.name)).toEqual(["task_list",
    "user_list"]);
  // Without @use, a broken manifest is never read.
  const plain = await loadProject(
    project("plain", { "dsl/app.dsl": "entity A \"A\":\n  id: uuid pk\n",
      [vocabularyManifestPath]: "entries: [" }),
  );
  expect(plain.diagnostics).toEqual([]);
  expect(plain.vocabularySource).toBeUndefined();
});

test("a manifest that is a FIFO is refused with a sentence, never waited on", async () => {
  const dir = project("fifo", { "dsl/app.dsl": source });
  mkdirSync(join(dir, "dazzle", "local_vocab"), { recursive: true });
  execFileSync("mkfifo", [join(dir, vocabularyManifestPath)]);
  const loaded = await loadProject(dir);
  expect(loaded.diagnostics.map((d) => [d.code, d.message])).toEqual([
    ["project/unreadableFile", `cannot read ${vocabularyManifestPath}: it is a named pipe ` +
      "(FIFO), not a regular file"],
  ]);
});

test("a project written with @use gives the AppSpec of the same project written out", async () => {
  const withoutSpans = (value: unknown) =>
    JSON.stringify(value, (key, item: unknown) => key === "span" ? undefined : item);
  const written = await loadSources(generateProject(3_000));
  const expanded = await loadSources(generateVocabularyProject(3_000), {
    path: vocabularyManifestPath,
    text: generatedVocabulary(),
  });
  expect(expanded.diagnostics).toEqual([]);
  expect(written.appSpec.entities.length).toBeGreaterThan(40);
  expect(withoutSpans(expanded.appSpec)).toBe(withoutSpans(written.appSpec));
});
