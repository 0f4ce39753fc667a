/**
 * A project of the original framework that uses app-local vocabulary: `@use` lines inside an
 * entity (over several lines) and at the top level, and the manifest they expand from. Shared by
 * the front end's tests and the compiled binary's, which check the same positions.
 */
import { vocabularyManifestPath } from "../frontend/index.ts";

export const vocabularyManifest = `version: 1.0.0
app_id: tasks
entries:
  - id: crud_surface_set
    kind: pattern
    scope: ui
    parameters:
      - name: entity_name
        type: string
      - name: title_field
        type: string
    expansion:
      language: dazzle-core-dsl
      body: |
        surface {{ entity_name | lower }}_list "{{ entity_name }} List":
          uses entity {{ entity_name }}
          mode: list
          section main "{{ entity_name }}s":
            field {{ title_field }} "{{ title_field | title }}"
    tags: [crud, ui]
  - id: audit_fields
    kind: macro
    scope: data
    parameters:
      - name: user_entity
        type: string
        required: no
        default: User
      - name: required
        type: boolean
        required: no
        default: yes
    expansion:
      body: |
        created_at: datetime auto_add
        created_by: ref {{ user_entity }}{% if required %} required{% endif %}
`;

/** `dsl/app.dsl`: the entity's `@use` spans lines 8-11, the surfaces' are lines 14-15. */
export const vocabularySource = `entity User "User":
  id: uuid pk
  name: str(200) required

entity Task "Task":
  id: uuid pk
  title: str(200) required
  @use audit_fields(
    user_entity=User,
    required=false
  )
  done: bool = false

@use crud_surface_set(entity_name=Task, title_field=title)  # the list
@use crud_surface_set(entity_name=User, title_field=name)

schedule nightly:
  cron: "0 2 * * *"
`;

/** The whole project on disk, path → text. */
export const vocabularyProjectFiles: Readonly<Record<string, string>> = {
  "dazzle.toml": `[project]
name = "tasks"
version = "0.1.0"

[modules]
paths = ["./dsl"]

[deploy]
environment = "staging"
region = "eu-west-2"
`,
  "dsl/app.dsl": vocabularySource,
  [vocabularyManifestPath]: vocabularyManifest,
};
