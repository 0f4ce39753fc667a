/** The real `ToolRunner`: a child process with a timeout, output captured, never a shell. */
import { execFile } from "node:child_process";
import type { ToolRunner } from "./cfn-lint.ts";

/** cfn-lint's JSON for six templates is well under this. */
const outputBytesMax = 64 * 1024 * 1024;

export const runProcess: ToolRunner = (command, args, options) =>
  new Promise((resolve) => {
    execFile(command, [...args], { timeout: options.timeoutMs, maxBuffer: outputBytesMax,
      encoding: "utf8" }, (error, stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      const killed = (error as { killed?: boolean } | null)?.killed === true;
      resolve({
        exitCode: error === null ? 0 : killed ? null : typeof code === "number" ? code : null,
        stdout,
        stderr: typeof code === "string" ? `${stderr}\n${code}: ${error!.message}` : stderr,
      });
    });
  });
