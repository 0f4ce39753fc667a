import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync }
  from "node:fs";
import { join } from "node:path";
import {
  buildInfraVersion,
  templateChecksum,
  type InfraVersionFile,
  type InfraVersionMeta,
  type StackTemplate,
} from "./infra-version.ts";

/**
 * Where the version file and the templates it was computed from live, inside `infra/`.
 * The templates are kept so that `deploy diff` can later say *what* changed, not only *that*
 * something changed: a checksum alone cannot be diffed.
 */
export const versionFileName = ".dazzle-infra-version.json";
export const templatesFolder = join(".dazzle", "templates");

/** What `synthesize()` returns, reduced to what versioning needs. */
export interface SynthResultLike {
  readonly stacks: readonly StackTemplate[];
}

/** The recorded state: the version file plus the stored template of each of its stacks. */
export interface RecordedInfra {
  readonly version: InfraVersionFile;
  readonly templates: ReadonlyMap<string, unknown>;
}

/** A recorded state that is missing or unreadable; the message says which file and why. */
export class InfraVersionError extends Error {
  override readonly name = "InfraVersionError";
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** Bound on stored templates we read back (Dazzle writes six). */
const storedStackCountMax = 64;

export function versionFilePath(infraDir: string): string {
  return join(infraDir, versionFileName);
}

export function templatePath(infraDir: string, stackId: string): string {
  return join(infraDir, templatesFolder, `${stackId}.json`);
}

/**
 * Write `infra/.dazzle-infra-version.json` and `infra/.dazzle/templates/<id>.json` for every
 * stack; templates of stacks that no longer exist are removed so the folder always matches the
 * version file. Each file is written to a temporary name and renamed, so a crash never leaves a
 * half-written file that a later `deploy diff` would trust.
 */
export function writeInfraVersion(
  infraDir: string,
  synth: SynthResultLike,
  meta: InfraVersionMeta,
): InfraVersionFile {
  const version = buildInfraVersion(synth.stacks, meta);
  const folder = join(infraDir, templatesFolder);
  mkdirSync(folder, { recursive: true });
  for (const stack of synth.stacks) {
    writeAtomically(templatePath(infraDir, stack.id), JSON.stringify(stack.template, null, 1));
  }
  const keep = new Set(synth.stacks.map((stack) => `${stack.id}.json`));
  for (const entry of readdirSync(folder).slice(0, storedStackCountMax * 4)) {
    if (entry.endsWith(".json") && !keep.has(entry)) rmSync(join(folder, entry), { force: true });
  }
  writeAtomically(versionFilePath(infraDir), `${JSON.stringify(version, null, 2)}\n`);
  return version;
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Read the recorded version; `undefined` when none was ever written. */
export function readRecordedInfra(infraDir: string): RecordedInfra | undefined {
  const path = versionFilePath(infraDir);
  if (!existsSync(path)) return undefined;
  const version = parseVersionFile(readText(path), path);
  const templates = new Map<string, unknown>();
  for (const stack of version.stacks.slice(0, storedStackCountMax)) {
    const stored = templatePath(infraDir, stack.name);
    if (!existsSync(stored)) {
      throw new InfraVersionError(`${stored} is missing; ${path} records stack ${stack.name}`,
        "run `dazzle deploy generate` to record the current infrastructure again");
    }
    const template = parseJson(readText(stored), stored);
    if (templateChecksum(template) !== stack.checksum) {
      throw new InfraVersionError(
        `${stored} does not match the checksum recorded in ${path} (edited by hand?)`,
        "run `dazzle deploy generate` to record the current infrastructure again");
    }
    templates.set(stack.name, template);
  }
  return { version, templates };
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new InfraVersionError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InfraVersionError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Check the shape after reading, as it was checked (built by code) before writing. */
export function parseVersionFile(text: string, path: string): InfraVersionFile {
  const value = parseJson(text, path) as Partial<InfraVersionFile> | null;
  const problems: string[] = [];
  if (typeof value !== "object" || value === null) problems.push("not a JSON object");
  else {
    for (const key of ["version", "dazzle_version", "generated_at", "environment"] as const) {
      if (typeof value[key] !== "string") problems.push(`"${key}" must be a string`);
    }
    const stacks = value.stacks;
    if (!Array.isArray(stacks)) problems.push(`"stacks" must be an array`);
    else if (stacks.some((s) => typeof s?.name !== "string" || !/^[0-9a-f]{64}$/.test(
      String(s?.checksum)))) {
      problems.push(`each of "stacks" needs a "name" and a 64-digit hex "checksum"`);
    }
  }
  if (problems.length > 0) {
    throw new InfraVersionError(
      `${path} is not a Dazzle infra version file: ${problems.join("; ")}`,
      "run `dazzle deploy generate` to write it again");
  }
  return value as InfraVersionFile;
}
