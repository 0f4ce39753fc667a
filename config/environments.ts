/**
 * Several environments in one dazzle.toml. `[deploy]` and its tables hold what they share;
 * `[deploy.environments.<name>]` (and its own `.compute`, `.tigerbeetle`, ... tables) overrides
 * any `[deploy.*]` key for that environment:
 *
 *   [deploy]
 *   region = "eu-west-1"
 *   [deploy.environments.staging]
 *   [deploy.environments.prod.compute]
 *   desired_count = 4
 *
 * The environments a file describes are the ones under `[deploy.environments]` plus `[deploy]
 * environment` when written (with neither: the default, dev). One is chosen per run: `--env` /
 * `DAZZLE_ENV`, else `[deploy] environment`, else the first described in promotion order (dev,
 * staging, prod). Choosing one the file does not describe is an error with a "did you mean".
 * The chosen environment's overrides are merged into `[deploy]`, and their key locations take
 * the place of the shared ones, so every later message points at the line that set the value.
 */
import { closestName } from "../diagnostics/render.ts";
import type { Environment } from "../ir/deploy-config.ts";
import type { Span } from "../ir/span.ts";
import { configCode } from "./codes.ts";
import { defaultEnvironment } from "./defaults.ts";
import { report, type ConfigReader, type TomlTableValue } from "./reader.ts";
import { checkUnknownKeys } from "./schema.ts";

/** Every environment kind, in promotion order: each picks its own defaults (config/defaults). */
export const environmentNames: readonly Environment[] = ["dev", "staging", "prod"];

const environmentsPath = "deploy.environments";

export interface EnvironmentSelection {
  readonly environment: Environment;
  /** The environments the file describes, in promotion order. */
  readonly described: readonly Environment[];
  /** `[deploy]` with the chosen environment's overrides merged in (`environments` removed). */
  readonly deploy: TomlTableValue;
  /** Key locations with the overrides' spans under the `deploy.*` paths they override. */
  readonly reader: ConfigReader;
}

/** Undefined when the request cannot be met (reported on the reader). */
export function selectEnvironment(
  reader: ConfigReader,
  deploy: TomlTableValue,
  requested: string | undefined,
): EnvironmentSelection | undefined {
  const overrides = readOverrides(reader, deploy["environments"]);
  const written = typeof deploy["environment"] === "string" &&
      (environmentNames as readonly string[]).includes(deploy["environment"])
    ? deploy["environment"] as Environment :
    undefined;
  const described = environmentNames.filter((name) => name === written || overrides.has(name));
  if (described.length === 0) described.push(defaultEnvironment);
  if (requested !== undefined && !(described as readonly string[]).includes(requested)) {
    reportUnknown(reader, requested, described);
    return undefined;
  }
  const environment = (requested as Environment | undefined) ?? written ?? described[0]!;
  const { environments: _ignored, ...shared } = deploy;
  void _ignored;
  const merged = deepMerge(shared, overrides.get(environment) ?? {});
  return { environment, described, deploy: merged,
    reader: { ...reader, locations: relocated(reader.locations, environment) } };
}

/** `[deploy.environments]`: name → its override table; every problem in it is reported. */
function readOverrides(reader: ConfigReader, value: unknown): Map<Environment, TomlTableValue> {
  const overrides = new Map<Environment, TomlTableValue>();
  if (value === undefined) return overrides;
  if (!isTable(value)) {
    report(reader, environmentsPath, "config/wrongType",
      `'${environmentsPath}' must be a table of environments ([${environmentsPath}.prod])`);
    return overrides;
  }
  for (const [name, table] of Object.entries(value)) {
    const path = `${environmentsPath}.${name}`;
    if (!(environmentNames as readonly string[]).includes(name)) {
      const guess = closestName(name, environmentNames);
      report(reader, path, "config/unknownEnvironment",
        `unknown environment '${name}' in [${environmentsPath}]`,
        guess ? `did you mean '${guess}'?` : `environments are ${environmentNames.join(", ")}`);
      continue;
    }
    if (!isTable(table)) {
      report(reader, path, "config/wrongType", `'${path}' must be a table ([${path}])`);
      continue;
    }
    for (const key of ["environment", "environments"]) {
      if (key in table) {
        report(reader, `${path}.${key}`, "config/invalidCombination",
          `'${path}.${key}' cannot be set: the table is the ${name} environment itself`);
      }
    }
    const { environment: _e, environments: _s, ...settings } = table;
    void _e;
    void _s;
    checkUnknownKeys(reader, "deploy", settings, path);
    overrides.set(name as Environment, settings);
  }
  return overrides;
}

function reportUnknown(reader: ConfigReader, requested: string, described: readonly string[]) {
  const guess = closestName(requested, [...described, ...environmentNames]);
  reader.diagnostics.push({
    ...configCode("config/unknownEnvironment"),
    message: `dazzle.toml describes no environment '${requested}' (it describes ` +
      `${described.join(", ")})`,
    ...(reader.locations.get(environmentsPath) ?
      { span: reader.locations.get(environmentsPath)! }
      : {}),
    hint: guess !== undefined && guess !== requested ?
      `did you mean '${guess}'?`
      : `describe it in dazzle.toml with a [${environmentsPath}.${requested}] table`,
  });
}

/** The chosen environment's keys are located where its overrides wrote them. */
function relocated(locations: ReadonlyMap<string, Span>, environment: Environment) {
  const prefix = `${environmentsPath}.${environment}.`;
  const moved = new Map(locations);
  for (const [path, span] of locations) {
    if (path.startsWith(prefix)) moved.set(`deploy.${path.slice(prefix.length)}`, span);
  }
  return moved;
}

/** Tables merge key by key; anything else (values, arrays) is replaced. */
function deepMerge(base: TomlTableValue, override: TomlTableValue): TomlTableValue {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isTable(current) && isTable(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function isTable(value: unknown): value is TomlTableValue {
  return value !== null && typeof value === "object" && !Array.isArray(value) &&
    !(value instanceof Date);
}
