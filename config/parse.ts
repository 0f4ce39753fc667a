/**
 * dazzle.toml text → resolved DeployConfig (every key present, per-environment defaults applied)
 * plus diagnostics. Pure: no file system, no clock. Every problem in the file is reported in one
 * run; `config` is absent when any of them is an error.
 */
import { parse, TomlError } from "smol-toml";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { DeployConfig, ProjectSettings } from "../ir/deploy-config.ts";
import type { ProjectFiles } from "./app-image.ts";
import { configCode } from "./codes.ts";
import { readCompute } from "./compute.ts";
import { readDatabase } from "./database.ts";
import { defaultsFor } from "./defaults.ts";
import { environmentNames, selectEnvironment, type EnvironmentSelection } from "./environments.ts";
import { checkTopLevel, defaultDslFolders, readProjectSettings } from "./framework.ts";
import { readNetwork } from "./network.ts";
import { readObservability } from "./observability.ts";
import { readBoolean, readChoice, readSection, readString, type ConfigReader, type Section,
  type TomlTableValue } from "./reader.ts";
import { readSecrets } from "./secrets.ts";
import { readTigerBeetle } from "./tigerbeetle.ts";
import { locateKeys } from "./toml-key-locator.ts";

export interface ParseConfigOptions {
  /** This binary's version: the default for `[deploy.tigerbeetle] dazzle_version`. */
  readonly dazzleVersion: string;
  /** The project's files, to find its Dockerfile; absent: only a configured one counts. */
  readonly projectFiles?: ProjectFiles;
  /** `--env` / `DAZZLE_ENV`: the environment to resolve (config/environments.ts). */
  readonly environment?: string;
}

export interface ParsedConfig {
  readonly config?: DeployConfig;
  /** From the framework's sections; present even when the deploy settings have errors. */
  readonly project: ProjectSettings;
  readonly diagnostics: Diagnostic[];
}

/** Larger than any sensible dazzle.toml; a bigger file is a mistake (wrong file?). */
export const configFileBytesMax = 1024 * 1024;

const defaultProject: ProjectSettings = { dslFolders: defaultDslFolders };
const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function parseDeployConfig(
  text: string,
  file: string,
  options: ParseConfigOptions,
): ParsedConfig {
  if (text.length > configFileBytesMax) {
    return { project: defaultProject, diagnostics: [{
      ...configCode("config/tooLarge"),
      message: `${file} is ${text.length} bytes; the limit is ${configFileBytesMax}`,
      span: { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
    }] };
  }
  let document: TomlTableValue;
  try {
    document = parse(text, { integersAsBigInt: true }) as TomlTableValue;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    return { project: defaultProject, diagnostics: [syntaxDiagnostic(error, file)] };
  }
  const reader: ConfigReader = {
    file,
    locations: locateKeys(text, file),
    diagnostics: [],
    sources: {},
    invalidPaths: new Set(),
  };
  checkTopLevel(reader, document);
  const root: Section = { path: "", values: document };
  const project = readProjectSettings(reader, root);
  const deployValues = document["deploy"];
  const selection = selectEnvironment(reader, isTable(deployValues) ? deployValues : {},
    options.environment);
  const config = selection === undefined ?
    undefined :
    resolve(selection.reader, { path: "", values: deployValues === undefined ?
      document
      : { ...document, deploy: selection.deploy } }, options, selection);
  const diagnostics = sortDiagnostics(reader.diagnostics);
  return hasErrors(diagnostics) || config === undefined ?
    { project, diagnostics }
    : { config, project, diagnostics };
}

function resolve(
  reader: ConfigReader,
  root: Section,
  options: ParseConfigOptions,
  selection: EnvironmentSelection,
): DeployConfig {
  const deploy = readSection(reader, root, "deploy");
  const rooted: Section = { path: "deploy", values: deploy.values };
  // Checked where written; the environment this run resolves is the selection's.
  readChoice(reader, rooted, "environment", environmentNames);
  const environment = selection.environment;
  const defaults = defaultsFor(environment, options);
  const enabled = readBoolean(reader, rooted, "enabled");
  const region = readString(reader, rooted, "region", {
    pattern: regionPattern,
    expected: "an AWS region like \"us-east-1\"",
  }) ?? defaults.region;
  const account = readString(reader, rooted, "account", {
    pattern: /^\d{12}$/,
    expected: "a 12-digit AWS account id in quotes",
  });
  const section = (key: string) => readSection(reader, rooted, key);
  return {
    enabled: enabled ?? defaults.enabled,
    environment,
    ...(selection.described.length > 1 ? { environments: selection.described } : {}),
    region,
    ...(account !== undefined ? { account } : {}),
    network: readNetwork(reader, section("network"), defaults.network, region),
    compute: readCompute(reader, section("compute"), defaults.compute, { environment, region,
      ...(options.projectFiles ? { projectFiles: options.projectFiles } : {}) }),
    database: readDatabase(reader, section("database"), defaults.database),
    tigerbeetle: readTigerBeetle(reader, section("tigerbeetle"), defaults.tigerbeetle, environment),
    observability: readObservability(reader, section("observability"), defaults.observability),
    secrets: readSecrets(reader, section("secrets")),
    sources: reader.sources,
  };
}

function isTable(value: unknown): value is TomlTableValue {
  return value !== null && typeof value === "object" && !Array.isArray(value) &&
    !(value instanceof Date);
}

function syntaxDiagnostic(error: TomlError, file: string): Diagnostic {
  const reason = error.message.split("\n")[0]!.replace(/^Invalid TOML document: /, "");
  return {
    ...configCode("config/syntax"),
    message: `${file} is not valid TOML: ${reason}`,
    span: { file, line: error.line, column: error.column, endLine: error.line,
      endColumn: error.column + 1 },
    hint: "see https://toml.io for the syntax",
  };
}
