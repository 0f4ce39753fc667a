/**
 * `dazzle init [DIR]`: write the embedded example project (dazzle.toml + dsl/) into DIR. Never
 * overwrites a file unless `--force`: all conflicts are listed before anything is written, so a
 * refused init leaves the folder untouched.
 */
import { lstat, mkdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { exampleProjectFiles } from "../../embed/example-project.ts";
import type { CommandContext } from "../command.ts";
import { UserError } from "../errors.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { info } from "../output.ts";

export const usage = `dazzle init [DIR] [--force]
Create a new Dazzle project in DIR (default: the current folder) from the embedded example:
a wallet app with ledgers, entities with file fields, a queue and a stream.

Examples:
  dazzle init my-app
  dazzle init . --force     # overwrite dazzle.toml and dsl/ files that already exist`;

export const flags: FlagSpecs = {
  force: { type: "boolean", description: "overwrite files that already exist" },
};

export async function run(context: CommandContext): Promise<number> {
  const parsed = parseFlags(context.args, flags, { positionalsMax: 1 });
  const targetDir = resolve(context.cwd, parsed.positionals[0] ?? ".");
  const force = parsed.values["force"] === true;
  const target = await stat(targetDir).catch(() => undefined);
  if (target !== undefined && !target.isDirectory()) {
    throw new UserError("cli/wouldOverwrite",
      `${shown(context, targetDir)} is a file, not a folder; nothing was written`,
      "name a new or existing folder for the project");
  }
  const existing: string[] = [];
  for (const file of exampleProjectFiles) {
    if (await exists(join(targetDir, file.path))) existing.push(file.path);
  }
  if (existing.length > 0 && !force) {
    throw new UserError("cli/wouldOverwrite",
      `${shown(context, targetDir)} already has ${existing.join(", ")}; nothing was written`,
      "pass --force to overwrite them, or choose an empty folder",
    );
  }
  for (const file of exampleProjectFiles) {
    const path = join(targetDir, file.path);
    await mkdir(dirname(path), { recursive: true });
    // Replace a symbolic link (even a dangling one) instead of writing through it.
    await rm(path, { force: true });
    await writeFile(path, file.text);
    info(context, `  wrote ${shown(context, path)}`);
  }
  const projectFlag = targetDir === context.cwd ? "" : ` -p ${shown(context, targetDir)}`;
  context.stdout(
    `Created a Dazzle project in ${shown(context, targetDir)}.\nNext:\n` +
      `  dazzle check${projectFlag}\n  dazzle deploy plan${projectFlag}\n`,
  );
  return 0;
}

/** Anything at `path`, a dangling symbolic link included. */
async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}

function shown(context: CommandContext, path: string): string {
  const relativePath = relative(context.cwd, path);
  return relativePath === "" ? "." : relativePath.startsWith("..") ? path : relativePath;
}
