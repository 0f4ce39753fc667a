/**
 * Entry point of the `dazzle` binary. The only file (with cli/) allowed to touch
 * `process.argv`, `process.env` and `process.exit`.
 *
 * aws-cdk-lib wraps `fs` for profiling when it loads, which throws inside a compiled binary
 * ("Attempting to change configurable attribute of unconfigurable property"); the variable
 * below turns that off. It must be set before any aws-cdk-lib module is evaluated, hence the
 * dynamic import of everything else.
 */
process.env["CDK_NO_PERF_BUILTINS"] = "1";

export {};

const { runCli } = await import("./cli/main.ts");
const { outputFailureReport, standardOutput } = await import("./cli/standard-output.ts");

const stdout = standardOutput(1);
const exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: stdout.write,
  stderr: (text) => void process.stderr.write(text),
  stdoutIsTty: process.stdout.isTTY === true,
  stderrIsTty: process.stderr.isTTY === true,
  ...(process.stdin.isTTY === true && process.stderr.isTTY === true
    ? { prompt: (await import("./cli/terminal-prompt.ts")).terminalPrompt } :
    {}),
});
const failedOutput = outputFailureReport(stdout.failure());
if (failedOutput) process.stderr.write(failedOutput.message);
process.exit(failedOutput?.exitCode ?? exitCode);
