import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readRegularTextFile, UnreadableFileError } from "../files/read-regular-file.ts";
import { buildInfraVersion, templateChecksum, type InfraVersionFile, type InfraVersionMeta,
  type StackTemplate } from "./infra-version.ts";

/**
 * Where the version file and the templates it was computed from live, inside `infra/`.
 * The templates are kept so that `deploy diff` can later say *what* changed, not only *that*
 * something changed: a checksum alone cannot be diffed.
 */
export const versionFileName = ".dazzle-infra-version.json";
export const templatesFolder = join(".dazzle", "templates");
/** Written by `deploy generate` beside the record: its presence means infra/ was generated. */
export const generatedFilesManifest = join(".dazzle", "generated-files.json");
/** Present while `deploy generate` moves a committed generation into place (generate/). */
export const pendingGenerationFile = join(".dazzle", "pending-generation.json");

/** What `synthesize()` returns, reduced to what versioning needs. */
export interface SynthResultLike {
  readonly stacks: readonly StackTemplate[];
}

/** The recorded state: the version file plus the stored template of each of its stacks. */
export interface RecordedInfra {
  readonly version: InfraVersionFile;
  readonly templates: ReadonlyMap<string, unknown>;
}

/**
 * A record that exists but cannot be trusted: unreadable, not valid, edited (checksums do not
 * verify), or missing although infra/ was generated. The message names `file`. Checks that
 * compare with the record treat this as a blocking finding, never as "nothing recorded".
 */
export class InfraVersionError extends Error {
  override readonly name = "InfraVersionError";
  constructor(message: string, readonly hint: string | undefined, readonly file: string) {
    super(message);
  }
}

/** What to do about a record that cannot be trusted. */
export const untrustedRecordHint = "restore infra/ from version control as committed after the " +
  "last deploy (git checkout -- infra/); `dazzle deploy generate --accept-destructive` records " +
  "the current templates instead, accepting whatever they change";

/** Bound on stored templates we read back (Dazzle writes six). */
const storedStackCountMax = 64;
/** A template is at most 1 MB in CloudFormation; a version file lists a few stacks. */
export const storedTemplateBytesMax = 64 * 1024 * 1024;
const versionFileBytesMax = 1024 * 1024;

export function versionFilePath(infraDir: string): string {
  return join(infraDir, versionFileName);
}

export function templatePath(infraDir: string, stackId: string): string {
  return join(infraDir, templatesFolder, `${stackId}.json`);
}

/**
 * The record's files, relative to infra/: the version file and one stored template per stack.
 * Pure; `deploy generate` writes them in its transaction (generate/), `writeInfraVersion` here.
 */
export function renderInfraRecord(synth: SynthResultLike, meta: InfraVersionMeta): {
  version: InfraVersionFile;
  files: Map<string, string>;
} {
  const version = buildInfraVersion(synth.stacks, meta);
  const files = new Map<string, string>();
  for (const stack of synth.stacks) {
    files.set(join(templatesFolder, `${stack.id}.json`), JSON.stringify(stack.template, null, 1));
  }
  files.set(versionFileName, `${JSON.stringify(version, null, 2)}\n`);
  return { version, files };
}

/**
 * Write the record (version file and stored templates) straight into `infraDir`, each file
 * atomically; stored templates of stacks that no longer exist are removed. For tools and tests:
 * `deploy generate` writes the same files, with the app, in one transaction (generate/).
 */
export function writeInfraVersion(
  infraDir: string,
  synth: SynthResultLike,
  meta: InfraVersionMeta,
): InfraVersionFile {
  const { version, files } = renderInfraRecord(synth, meta);
  const folder = join(infraDir, templatesFolder);
  mkdirSync(folder, { recursive: true });
  const keep = new Set(synth.stacks.map((stack) => `${stack.id}.json`));
  for (const entry of readdirSync(folder).slice(0, storedStackCountMax * 4)) {
    if (entry.endsWith(".json") && !keep.has(entry)) rmSync(join(folder, entry), { force: true });
  }
  for (const [path, text] of files) writeAtomically(join(infraDir, path), text);
  return version;
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/**
 * Read the recorded version; `undefined` only when infra/ was never generated. Throws
 * `InfraVersionError` (naming the file) when anything recorded cannot be read or verified,
 * when a generation was interrupted, and when the version file is missing although infra/
 * holds what `deploy generate` writes beside it (deleted record: nothing to judge against).
 */
export function readRecordedInfra(infraDir: string): RecordedInfra | undefined {
  const path = versionFilePath(infraDir);
  const pending = join(infraDir, pendingGenerationFile);
  if (existsSync(pending)) {
    throw new InfraVersionError(`${pending}: an interrupted \`dazzle deploy generate\` left ` +
      "infra/ between two versions", "run `dazzle deploy generate` again: it completes the " +
      "interrupted generation first", pending);
  }
  const text = readText(path);
  if (text === undefined) {
    const traces = [generatedFilesManifest, templatesFolder].map((trace) => join(infraDir, trace))
      .filter((trace) => existsSync(trace));
    if (traces.length === 0) return undefined;
    throw new InfraVersionError(`${path} is missing, but ${traces.join(" and ")} show that ` +
      "infra/ was generated: the record of what was deployed is gone", untrustedRecordHint, path);
  }
  const version = parseVersionFile(text, path);
  const templates = new Map<string, unknown>();
  if (version.stacks.length > storedStackCountMax) {
    throw new InfraVersionError(`${path} lists ${version.stacks.length} stacks; the limit is ` +
      `${storedStackCountMax}`, untrustedRecordHint, path);
  }
  for (const stack of version.stacks) {
    const stored = templatePath(infraDir, stack.name);
    const storedText = readText(stored, storedTemplateBytesMax);
    if (storedText === undefined) {
      throw new InfraVersionError(`${stored} is missing; ${path} records stack ${stack.name}`,
        untrustedRecordHint, stored);
    }
    const template = parseJson(storedText, stored);
    if (templateChecksum(template) !== stack.checksum) {
      throw new InfraVersionError(
        `${stored} does not match the checksum recorded in ${path} (edited by hand?)`,
        untrustedRecordHint,
        stored,
      );
    }
    templates.set(stack.name, template);
  }
  return { version, templates };
}

function readText(path: string, sizeBytesMax = versionFileBytesMax): string | undefined {
  try {
    return readRegularTextFile(path, sizeBytesMax);
  } catch (error) {
    if (error instanceof UnreadableFileError) {
      throw new InfraVersionError(error.message, untrustedRecordHint, path);
    }
    throw error;
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InfraVersionError(`${path} is not valid JSON: ${(error as Error).message}`,
      untrustedRecordHint, path);
  }
}

/** Check the shape after reading, as it was checked (built by code) before writing. */
function parseVersionFile(text: string, path: string): InfraVersionFile {
  const value = parseJson(text, path) as Partial<InfraVersionFile> | null;
  const problems: string[] = [];
  if (typeof value !== "object" || value === null) problems.push("not a JSON object");
  else {
    for (const key of ["version", "dazzle_version", "generated_at", "environment"] as const) {
      if (typeof value[key] !== "string") problems.push(`"${key}" must be a string`);
    }
    const stacks = value.stacks;
    if (!Array.isArray(stacks)) problems.push(`"stacks" must be an array`);
    else if (stacks.some((s) =>
      typeof s?.name !== "string" || !/^[0-9a-f]{64}$/.test(
        String(s?.checksum),
      )
    )) {
      problems.push(`each of "stacks" needs a "name" and a 64-digit hex "checksum"`);
    }
    const deployment = value.deployment as Record<string, unknown> | undefined;
    if (deployment !== undefined && (typeof deployment !== "object" || deployment === null ||
      ["app", "environment", "region"].some((key) => typeof deployment[key] !== "string") ||
      (deployment["account"] !== undefined && typeof deployment["account"] !== "string"))) {
      problems.push(`"deployment" needs "app", "environment" and "region" strings`);
    }
    const accepted = value.accepted_changes;
    if (accepted !== undefined &&
      (!Array.isArray(accepted) ||
        accepted.some((change) =>
          ["check", "resource", "message", "reason"].some((key) =>
            typeof (change as unknown as Record<string, unknown> | null)?.[key] !== "string"
          )
        ))) {
      problems.push(`each of "accepted_changes" needs "check", "resource", "message", "reason"`);
    }
  }
  if (problems.length > 0) {
    throw new InfraVersionError(
      `${path} is not a Dazzle infra version file: ${problems.join("; ")}`,
      untrustedRecordHint,
      path,
    );
  }
  return value as InfraVersionFile;
}
