/** Help texts: top level, a command group, and one command (its usage + flags + globals). */
import { commandGroups, type CommandEntry, type LoadedCommand } from "./commands.ts";
import { renderFlagHelp } from "./flags.ts";
import { dazzleVersion } from "./version.ts";

const globalFlagsHelp = [
  "Global flags:",
  "      --no-color  no ANSI colours (also when NO_COLOR is set or stdout is not a terminal)",
  "      --quiet     print only results and errors",
  "      --verbose   print more detail about each step",
  "  -h, --help      show help",
].join("\n");

export function topLevelHelp(commands: readonly CommandEntry[]): string {
  const rows = commands.map((e) => [e.words.join(" "), e.summary] as const);
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    `dazzle ${dazzleVersion}: application DSL → AWS CDK stacks, preflight checks, ` +
    "TigerBeetle node agent",
    "",
    "Usage: dazzle <command> [flags]",
    "",
    "Commands:",
    ...rows.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`),
    "",
    globalFlagsHelp,
    "  -V, --version   print the version and the commit it was built from",
    "",
    "Run 'dazzle <command> --help' for a command's flags and examples.",
    "",
  ].join("\n");
}

export function groupHelp(commands: readonly CommandEntry[], group: string): string {
  const members = commands.filter((e) => e.words[0] === group);
  const width = Math.max(...members.map((e) => e.words[1]!.length));
  return [
    `dazzle ${group}: ${commandGroups.get(group) ?? ""}`,
    "",
    `Usage: dazzle ${group} <command> [flags]`,
    "",
    "Commands:",
    ...members.map((e) => `  ${e.words[1]!.padEnd(width)}  ${e.summary}`),
    "",
    `Run 'dazzle ${group} <command> --help' for a command's flags and examples.`,
    "",
  ].join("\n");
}

/** A command's own part of its help: synopsis, description, examples and flags. */
export function commandOwnHelp(name: string, command: LoadedCommand): string {
  const flags = Object.keys(command.flags).length > 0
    ? ["Flags:", renderFlagHelp(command.flags), ""]
    : [];
  const usage = command.usage.trimEnd();
  const synopsis = usage.startsWith("dazzle") ? usage : `${name} ${usage}`;
  return [synopsis, "", ...flags].join("\n");
}

export function commandHelp(name: string, command: LoadedCommand): string {
  return [commandOwnHelp(name, command), globalFlagsHelp, ""].join("\n");
}
