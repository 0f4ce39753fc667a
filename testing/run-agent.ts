/**
 * Entry used by tests and rehearsals to run `dazzle agent` from source as its own process:
 * `bun testing/run-agent.ts --app ... --replica 0 ...`. Same command module as the binary.
 */
import { run } from "../cli/commands/agent.ts";
import { UsageError } from "../cli/errors.ts";

try {
  const code = await run({
    args: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color: false,
    quiet: false,
    verbose: false,
  });
  process.exit(code);
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n${error.hint ?? ""}\n`);
    process.exit(2);
  }
  process.stderr.write(`agent crashed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(70);
}
