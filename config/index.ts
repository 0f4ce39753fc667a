/**
 * Public API of `config/`: read and resolve `dazzle.toml`. A missing file means every default
 * (for the default environment, dev); a file that exists but is malformed is an error, never a
 * silent fallback.
 */
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, sep } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { DeployConfig } from "../ir/deploy-config.ts";
import type { ProjectFiles } from "./app-image.ts";
import { configCode } from "./codes.ts";
import { parseDeployConfig, type ParseConfigOptions } from "./parse.ts";

export { parseDeployConfig, configFileBytesMax } from "./parse.ts";
export type { ProjectFiles } from "./app-image.ts";
export type { ParseConfigOptions, ParsedConfig } from "./parse.ts";
export { defaultsFor } from "./defaults.ts";
export { configCodes, configDiagnostic, type ConfigCode } from "./codes.ts";

/** The file name inside a project folder; also the `file` of every config span. */
export const configFileName = "dazzle.toml";

export interface LoadedConfig {
  readonly config?: DeployConfig;
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
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (isNotFound(error)) return parseDeployConfig("", configFileName, options);
    const reason = error instanceof Error ? error.message : String(error);
    return { diagnostics: [{
      ...configCode("config/unreadable"), message: `cannot read ${path}: ${reason}`,
    }] };
  }
  const parsed = parseDeployConfig(text, configFileName, options);
  return { ...parsed, source: { path: configFileName, text } };
}

/** The project folder on disk: what config may ask about it (is there a Dockerfile?). */
export function projectFilesIn(projectDir: string): ProjectFiles {
  return {
    directory: projectDir.split(sep).join("/"),
    isFile: (relativePath) =>
      statSync(join(projectDir, relativePath), { throwIfNoEntry: false })?.isFile() === true,
  };
}

function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null &&
    (error as { code?: unknown }).code === "ENOENT";
}
