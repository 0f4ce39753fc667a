/**
 * The vocabulary renderer against Jinja itself (the pinned version the original framework
 * renders with, in the test tools' Python), with the original's settings: every template here
 * must render byte for byte as Jinja renders it. What the renderer refuses is tested too.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { pinned, toolPaths } from "../../../scripts/tools.ts";
import { renderTemplate, type TemplateValue } from "../../../frontend/vocabulary/template.ts";

const values: Record<string, TemplateValue> = {
  entity_name: "Task",
  title_field: "first_name",
  words: "hello big-world (ok)",
  required: true,
  optional: false,
  empty: "",
  zero: 0,
  count: 300,
  ratio: 2.5,
  tags: ["a", 1, true],
  none: [],
  nothing: null,
};

/** Templates in the shapes real manifests use, and the Jinja corners they touch. */
const templates = [
  "{{ entity_name }}: ref User",
  "surface {{ entity_name | lower }}_list \"{{ entity_name }} List\":\n  uses entity " +
  "{{ entity_name }}\n  mode: list\n\n  section main \"{{ entity_name }}s\":\n    field " +
  "{{ title_field }} \"{{ title_field | title }}\"\n",
  "{{ words | title }}|{{ words | capitalize }}|{{ words | upper }}|{{ '  x ' | trim }}",
  "location_lat: decimal(9,6){% if required %} required{% endif %}\n" +
  "location_lng: decimal(9,6){% if required %} required{% endif %}\n",
  "is_active: bool{% if optional %}=true{% else %}=false{% endif %}",
  "{% if optional %}a{% elif zero %}b{% elif not empty %}c{% else %}d{% endif %}",
  "{% if count == 300 %}big{% endif %}{% if entity_name != \"Task\" %}other{% endif %}",
  "{% if required == 1 %}one{% endif %}{% if none %}list{% endif %}{% if nothing %}x{% endif %}",
  "a\n  {% if required %}\n  b\n  {% endif %}\nc\n",
  "x {% if required %}  {% endif %}y\n  {# comment #}\nz {{- count -}}  w\n{%- if optional %}q" +
  "{% endif %}\n",
  "{{ count }} {{ ratio }} {{ tags }} {{ none }} {{ nothing }} {{ required }} {{ optional }}",
  "{{ missing | default('fallback') }} {{ entity_name | default(\"unused\") }}",
  "first\n\n\nlast\n\n",
  "  indented {{ entity_name }}\n\tand tabbed\n",
];

const jinjaScript = `
import json, sys
from jinja2 import BaseLoader, Environment, StrictUndefined
environment = Environment(loader=BaseLoader(), undefined=StrictUndefined, trim_blocks=True,
                          lstrip_blocks=True, autoescape=False)
request = json.load(sys.stdin)
print(json.dumps([environment.from_string(t).render(**request["values"])
                  for t in request["templates"]]))
`;

function jinjaMissing(): string | undefined {
  return existsSync(toolPaths.python()) ?
    undefined :
    `Jinja ${pinned.jinja2} not installed (bun scripts/install-test-tools.ts)`;
}

describe("renders as Jinja renders", () => {
  const missing = jinjaMissing();
  if (missing !== undefined) {
    test.skip(`every template [skipped: ${missing}]`, () => {});
    return;
  }
  test("every template, byte for byte", () => {
    const result = Bun.spawnSync([toolPaths.python(), "-c", jinjaScript], {
      stdin: Buffer.from(JSON.stringify({ values, templates })),
    });
    expect(result.stderr.toString()).toBe("");
    const expected = JSON.parse(result.stdout.toString()) as string[];
    const ours = templates.map((template) => {
      const rendered = renderTemplate(template, new Map(Object.entries(values)));
      return rendered.ok ? rendered.text : `refused: ${rendered.problem}`;
    });
    expect(ours).toEqual(expected);
  });
});

test("Jinja the renderer does not know is refused with what it was, never guessed", () => {
  const problem = (template: string) => {
    const rendered = renderTemplate(template, new Map(Object.entries(values)));
    return rendered.ok ? `rendered: ${rendered.text}` : rendered.problem;
  };
  expect(problem("{% for tag in tags %}{{ tag }}{% endfor %}")).toBe("'{% for tag in tags %}' " +
    "is a Jinja statement the deploy tool does not render (it renders {% if %}, {% elif %}, " +
    "{% else %} and {% endif %})");
  expect(problem("{{ entity_name ~ 's' }}")).toContain("'{{ entity_name ~ 's' }}' is a Jinja " +
    "expression the deploy tool does not render");
  expect(problem("{{ undefined_name }}")).toBe("'undefined_name' has no value (an optional " +
    "parameter without a default that @use did not give, or not a parameter at all)");
  expect(problem("{% if required and optional %}x{% endif %}")).toContain(
    "'{% if required and optional %}' is a Jinja expression",
  );
  expect(problem("{% if required %}never closed")).toBe("'{% elif / else / endif %}' is missing");
  expect(problem("{{ entity_name }")).toBe("a tag is never closed: '{{ entity_name }'");
});
