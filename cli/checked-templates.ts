/**
 * What `deploy preflight` and `deploy diff` check: the cloud assembly given with `--assembly`
 * (`npx cdk synth` of infra/, which runs lib/custom.ts: exactly what `cdk deploy --app cdk.out`
 * deploys), else the templates synthesized in process. The latter only when they are the same
 * thing: when infra/lib/custom.ts adds code, the command stops and says how to check the real
 * assembly instead of silently checking something else.
 */
import { join, relative } from "node:path";
import { readRegularTextFile, UnreadableFileError } from "../files/read-regular-file.ts";
import { customModuleAddsCode, customModulePath } from "../generate/index.ts";
import { AssemblyError, readAssembly, type SynthesizedStack } from "../synth/index.ts";
import type { CommandContext } from "./command.ts";
import { UsageError, UserError } from "./errors.ts";
import type { FlagSpec } from "./flags.ts";
import { folderFlag } from "./project.ts";

export const assemblyFlag: FlagSpec = {
  type: "string",
  valueName: "DIR",
  description: "check this cloud assembly (`npx cdk synth` of infra/, e.g. infra/cdk.out): " +
    "what `cdk deploy --app` deploys, lib/custom.ts included",
};

/** custom.ts is small; anything this large is not the file generate created. */
const customModuleBytesMax = 4 * 1024 * 1024;

/**
 * The assembly folder to read, or undefined to synthesize in process; throws a usage error
 * (exit 2) when infra/lib/custom.ts adds code and no assembly was given.
 */
export function assemblyFolder(context: CommandContext, flagValue: unknown, infraDir: string,
  command: string): string | undefined {
  const given = folderFlag(context, "assembly", flagValue);
  if (given !== undefined) return given;
  const path = join(infraDir, customModulePath);
  let text: string | undefined;
  try {
    text = readRegularTextFile(path, customModuleBytesMax);
  } catch (error) {
    if (error instanceof UnreadableFileError) {
      throw new UserError("cli/unreadableFile", error.message, undefined, 2);
    }
    throw error;
  }
  if (text === undefined || !customModuleAddsCode(text)) return undefined;
  const fromCwd = relative(context.cwd, infraDir);
  const infra = fromCwd === "" ? "." : fromCwd.startsWith("..") ? infraDir : fromCwd;
  throw new UsageError(`${join(infra, customModulePath)} changes the stacks, and dazzle does ` +
    `not run it: ${command} on the templates it synthesizes itself would check something ` +
    "else than what `cdk deploy` deploys",
    `synthesize the app and check its assembly: (cd ${infra} && npx cdk synth --quiet) && ` +
      `dazzle ${command} --assembly ${join(infra, "cdk.out")}`);
}

/** The assembly's stacks; a folder that is not one is an error naming what is wrong. */
export function readAssemblyStacks(folder: string, exitCode: number): SynthesizedStack[] {
  try {
    return readAssembly(folder);
  } catch (error) {
    if (error instanceof AssemblyError) {
      throw new UserError("cli/unreadableAssembly", error.message,
        "pass the folder `npx cdk synth` wrote (infra/cdk.out)", exitCode);
    }
    throw error;
  }
}
