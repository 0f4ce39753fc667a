/**
 * A cloud assembly synthesized elsewhere — `npx cdk synth` of the generated infra/ app, which
 * runs lib/custom.ts — read back as the stacks `deploy preflight` and `deploy diff` judge, so
 * they check exactly what `cdk deploy --app cdk.out` will deploy.
 *
 * Only the manifest's `aws:cloudformation:stack` artifacts are read, each template from a
 * regular file inside the assembly folder (bounded size; no FIFO, device or link outside).
 */
import { join, relative, resolve } from "node:path";
import { notAFolder, readRegularTextFile,
  UnreadableFileError } from "../files/read-regular-file.ts";
import { stackIds } from "../ir/stacks.ts";
import type { SynthesizedStack } from "./index.ts";

export class AssemblyError extends Error {
  override readonly name = "AssemblyError";
}

/** CloudFormation accepts at most 1 MB per template (by S3 URL); the manifest is far smaller. */
const templateBytesMax = 16 * 1024 * 1024;
const manifestBytesMax = 16 * 1024 * 1024;
/** Bound on artifacts looked at. */
const artifactCountMax = 1000;

interface Manifest {
  readonly artifacts?: Record<string, {
    readonly type?: unknown;
    readonly properties?: { readonly templateFile?: unknown; readonly stackName?: unknown };
  }>;
}

export function readAssembly(folder: string): SynthesizedStack[] {
  const problem = notAFolder(folder);
  if (problem !== undefined) throw new AssemblyError(`${folder} ${problem}`);
  const manifestPath = join(folder, "manifest.json");
  const manifest = parse(
    read(manifestPath, manifestBytesMax,
      `${folder} is not a cloud assembly (no manifest.json); synthesize one with ` +
        "`npx cdk synth` in infra/"),
    manifestPath,
  ) as Manifest;
  const artifacts = Object.entries(manifest.artifacts ?? {}).slice(0, artifactCountMax);
  const order = new Map<string, number>(stackIds.map((id, index) => [id, index]));
  const stacks: SynthesizedStack[] = [];
  for (const [id, artifact] of artifacts) {
    if (artifact.type !== "aws:cloudformation:stack") continue;
    const templateFile = artifact.properties?.templateFile;
    const stackName = artifact.properties?.stackName;
    if (typeof templateFile !== "string" || typeof stackName !== "string") {
      throw new AssemblyError(`${manifestPath}: stack ${id} has no templateFile or stackName`);
    }
    const path = resolve(folder, templateFile);
    if (relative(resolve(folder), path).startsWith("..")) {
      throw new AssemblyError(`${manifestPath}: the template of ${id} (${templateFile}) is ` +
        "outside the assembly");
    }
    const template = parse(read(path, templateBytesMax), path);
    if (typeof template !== "object" || template === null || Array.isArray(template)) {
      throw new AssemblyError(`${path} is not a CloudFormation template (not a JSON object)`);
    }
    stacks.push({ id, stackName, template: template as Record<string, unknown> });
  }
  if (!stacks.some((stack) => order.has(stack.id))) {
    throw new AssemblyError(`${folder} holds no Dazzle stack (${stackIds.join(", ")}); is it ` +
      "the assembly of the generated infra/ app?");
  }
  return stacks.sort((a, b) =>
    (order.get(a.id) ?? stackIds.length) -
    (order.get(b.id) ?? stackIds.length)
  );
}

function read(path: string, bytesMax: number, missing?: string): string {
  try {
    const text = readRegularTextFile(path, bytesMax);
    if (text === undefined) throw new AssemblyError(missing ?? `${path} does not exist`);
    return text;
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new AssemblyError(error.message);
    throw error;
  }
}

function parse(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AssemblyError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
