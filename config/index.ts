/**
 * Public API of `config/`: read and resolve `dazzle.toml`. A missing file means every default
 * (for the default environment, dev); a file that exists but is malformed is an error, never a
 * silent fallback.
 */
import { statSync } from "node:fs";
import { join, sep } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { readRegularTextFile, UnreadableFileError } from "../files/read-regular-file.ts";
import type { DeployConfig, ProjectSettings } from "../ir/deploy-config.ts";
import type { ProjectFiles } from "./app-image.ts";
import { configCode } from "./codes.ts";
import { defaultDslFolders } from "./framework.ts";
import { parseDeployConfig, type ParseConfigOptions } from "./parse.ts";

import { configFileBytesMax } from "./parse.ts";

export type { ProjectFiles } from "./app-image.ts";
export { configCodes, configDiagnostic, type ConfigCode } from "./codes.ts";
export { defaultEnvironment, defaultRegion, defaultsFor } from "./defaults.ts";
export { environmentNames } from "./environments.ts";
export { frameworkSections } from "./framework.ts";
export { parseDeployConfig, configFileBytesMax } from "./parse.ts";
export type { ParseConfigOptions, ParsedConfig } from "./parse.ts";

/** The file name inside a project folder; also the `file` of every config span. */
export const configFileName = "dazzle.toml";

export interface LoadedConfig {
  readonly config?: DeployConfig;
  /** `[project]` and `[modules]`: present even when the deploy settings have errors. */
  readonly project: ProjectSettings;
  readonly diagnostics: Diagnostic[];
  /** The file as read, for rendering carets; absent when there is no file. */
  readonly source?: { readonly path: string; readonly text: string };
}

export async function loadDeployConfig(
  projectDir: string,
  options: ParseConfigOptions,
): Promise<LoadedConfig> {
  const path = join(projectDir, configFileName);
  options = { ...options, projectFiles: options.projectFiles ?? projectFilesIn(projectDir) };
  let text: string | undefined;
  try {
    // A FIFO or device named dazzle.toml is refused, never waited on.
    text = readRegularTextFile(path, configFileBytesMax);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    return { project: { dslFolders: defaultDslFolders }, diagnostics: [{
      ...configCode("config/unreadable"),
      message: `${configFileName} ${error.reason}`,
      span: { file: configFileName, line: 1, column: 1, endLine: 1, endColumn: 1 },
    }] };
  }
  if (text === undefined) return parseDeployConfig("", configFileName, options);
  const parsed = parseDeployConfig(text, configFileName, options);
  return { ...parsed, source: { path: configFileName, text } };
}

/** The project folder on disk: what config may ask about it (is there a Dockerfile?). */
function projectFilesIn(projectDir: string): ProjectFiles {
  return {
    directory: projectDir.split(sep).join("/"),
    isFile: (relativePath) =>
      statSync(join(projectDir, relativePath), { throwIfNoEntry: false })?.isFile() === true,
  };
}
