/** What the user sees for a wrong command line, and the exit code scripts see. */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { commandTable, type CommandEntry } from "../../cli/commands.ts";
import { ExitError, UsageError, UserError } from "../../cli/errors.ts";
import { dazzleVersion } from "../../cli/version.ts";
import { runInProcess } from "./fake-io.ts";

const ansiEscape = "\x1b[";

describe("help and version", () => {
  test("--help lists every command and exits 0", async () => {
    const run = await runInProcess(["--help"]);
    expect(run.exitCode).toBe(0);
    const listed = commandTable.map((entry) => entry.words.join(" "))
      .filter((name) => run.stdout.includes(`\n  ${name} `));
    expect(listed).toEqual(commandTable.map((entry) => entry.words.join(" ")));
    expect(run.stderr).toBe("");
  });

  test("--version prints the version and the commit (dev from source)", async () => {
    for (const flag of ["--version", "-V"]) {
      const run = await runInProcess([flag]);
      expect([run.exitCode, run.stdout]).toEqual([0, `dazzle ${dazzleVersion} (dev)\n`]);
    }
  });

  test("no command prints the help to stderr and exits 2", async () => {
    const run = await runInProcess([]);
    expect([run.exitCode, run.stdout, run.stderr.startsWith("dazzle ")]).toEqual([2, "", true]);
  });

  test("'dazzle help deploy plan' is 'dazzle deploy plan --help'", async () => {
    const viaHelp = await runInProcess(["help", "init"]);
    const viaFlag = await runInProcess(["init", "--help"]);
    expect(viaHelp).toEqual(viaFlag);
    expect(viaHelp.exitCode).toBe(0);
  });

  test("'dazzle deploy' alone shows the deploy commands and exits 2; with --help, 0", async () => {
    const bare = await runInProcess(["deploy"]);
    const help = await runInProcess(["deploy", "--help"]);
    expect([bare.exitCode, help.exitCode]).toEqual([2, 0]);
    expect(bare.stderr).toBe(help.stdout);
    expect(help.stdout).toContain("\n  plan ");
  });

  const present = commandTable.filter((entry) =>
    existsSync(join(import.meta.dir, "../../cli", "commands", `${entry.words.join("-")}.ts`))
  );
  for (const entry of present) {
    const name = entry.words.join(" ");
    test(`'dazzle ${name} --help' shows its synopsis and flags, exit 0`, async () => {
      const run = await runInProcess([...entry.words, "--help"]);
      expect([run.exitCode, run.stderr]).toEqual([0, ""]);
      expect(run.stdout.startsWith(`dazzle ${name}`)).toBe(true);
      expect(run.stdout).toContain("Global flags:");
    });
  }
});

describe("usage errors exit 2 with a suggestion and no stack", () => {
  const cases: readonly [string, readonly string[], string][] = [
    ["misspelt command", ["chek"],
      "error: unknown command 'chek'\nhint: did you mean 'dazzle check'?\n"],
    ["deploy subcommand without 'deploy'", ["plan"],
      "error: unknown command 'plan'\nhint: did you mean 'dazzle deploy plan'?\n"],
    ["misspelt deploy subcommand", ["deploy", "genrate"],
      "error: unknown command 'dazzle deploy genrate'\n" +
      "hint: did you mean 'dazzle deploy generate'?\n"],
    ["unrelated word", ["frobnicate"],
      "error: unknown command 'frobnicate'\nhint: run 'dazzle --help' for the list of commands\n"],
    ["unknown global flag", ["--frobnicate"],
      "error: unknown flag '--frobnicate'\nhint: global flags are --help, --version, " +
      "--no-color, --quiet, --verbose\n"],
    ["misspelt command flag", ["init", "--forse"],
      "error: unknown flag '--forse'\nhint: did you mean '--force'?\n"],
    ["too many arguments", ["init", "a", "b"],
      "error: unexpected argument 'b'\nhint: see --help for the accepted arguments\n"],

    ...[["synth", "out"], ["generate", "out"], ["diff", "infra"], ["preflight", "infra"]].map(
      ([command, flag]): [string, readonly string[], string] => [
        `deploy ${command} --${flag} given empty`,
        ["deploy", command!, `--${flag}=`],
        `error: flag '--${flag}' needs a folder\nhint: run 'dazzle deploy ${command} --help' ` +
        "for usage\n",
      ],
    ),
  ];
  for (const [name, argv, stderr] of cases) {
    test(name, async () => {
      const run = await runInProcess(argv, { cwd: "/nonexistent-dazzle-test" });
      expect(run).toEqual({ exitCode: 2, stdout: "", stderr });
    });
  }
});

/** A fake command table: each command fails in one way. */
function failing(word: string, failure: () => unknown): CommandEntry {
  return {
    words: [word],
    summary: word,
    load: async () => ({
      usage: `dazzle ${word}`,
      flags: { project: { type: "string", short: "p", description: "project" } },
      run: async (context: { args: readonly string[] }) => {
        const { parseFlags } = await import("../../cli/flags.ts");
        parseFlags(context.args, { project: { type: "string", short: "p", description: "" } }, {
          positionalsMax: 0,
        });
        failure();
        return 0;
      },
    }),
  };
}

const fakes: CommandEntry[] = [
  failing("usage", () => {
    throw new UsageError("bad usage", "try this");
  }),
  failing("user", () => {
    throw new UserError("cli/invalidProject", "bad input", "fix it", 3);
  }),
  failing("reported", () => {
    throw new ExitError(1);
  }),
  failing("bug", () => {
    throw new TypeError("x is undefined");
  }),
  failing("ok", () => undefined),
  { words: ["absent"], summary: "absent", load: async () => ({}) },
];

describe("how each kind of failure ends", () => {
  test("UsageError: exit 2, message and hint", async () => {
    const run = await runInProcess(["usage"], { commands: fakes });
    expect(run).toEqual({ exitCode: 2, stdout: "", stderr: "error: bad usage\nhint: try this\n" });
  });

  test("UserError: its own exit code, code, message and hint, no stack", async () => {
    const run = await runInProcess(["user"], { commands: fakes });
    expect(run).toEqual({ exitCode: 3, stdout: "",
      stderr: "error[cli/invalidProject]: bad input\n  = hint: fix it\n" });
  });

  test("ExitError: already reported, so nothing more is printed", async () => {
    const run = await runInProcess(["reported"], { commands: fakes });
    expect(run).toEqual({ exitCode: 1, stdout: "", stderr: "" });
  });

  test("anything else is a bug: exit 70 with the stack", async () => {
    const run = await runInProcess(["bug"], { commands: fakes });
    expect(run.exitCode).toBe(70);
    expect(run.stderr.split("\n").slice(0, 3)).toEqual([
      "error: internal error (this is a bug in dazzle)",
      "hint: please report it with the output below",
      "TypeError: x is undefined",
    ]);
    expect(run.stderr).toContain("usage-and-exit-codes.test.ts");
  });

  test("a flag without its value", async () => {
    const run = await runInProcess(["ok", "-p"], { commands: fakes });
    expect(run).toEqual({ exitCode: 2, stdout: "",
      stderr: "error: flag '--project' needs a value\nhint: run 'dazzle ok --help' for usage\n" });
  });

  test("a command missing from the build says so", async () => {
    const run = await runInProcess(["absent"], { commands: fakes });
    expect(run).toEqual({ exitCode: 1, stdout: "",
      stderr: "error[cli/notInBuild]: 'dazzle absent' is not available in this build\n" +
        "  = hint: it was not part of the source this build was made from\n" });
  });
});

describe("colour", () => {
  test("on a terminal errors are coloured", async () => {
    const run = await runInProcess(["chek"], { tty: true });
    expect(run.stderr.includes(ansiEscape)).toBe(true);
  });

  const plain: readonly [string, readonly string[], Record<string, string>, boolean][] = [
    ["NO_COLOR is set", ["chek"], { NO_COLOR: "1" }, true],
    ["--no-color is given (anywhere)", ["chek", "--no-color"], {}, true],
    ["stdout is not a terminal", ["chek"], {}, false],
  ];
  for (const [name, argv, env, tty] of plain) {
    test(`no colour when ${name}`, async () => {
      const run = await runInProcess(argv, { env, tty });
      expect([run.exitCode, run.stderr.includes(ansiEscape)]).toEqual([2, false]);
    });
  }
});
