/**
 * AWS client options for a command: the region it works in and the command's own environment
 * (aws/clients.ts). The SDK's default credential chain reads the process environment and
 * ~/.aws, so it is allowed only when the command's environment is the process's (a real run),
 * never for a command run in-process with an environment of its own.
 */
import type { OperatorClientOptions } from "../aws/clients.ts";
import type { CommandContext } from "./command.ts";

export function operatorAws(context: CommandContext, region: string): OperatorClientOptions {
  return { region, env: context.env, envIsProcessEnv: context.env === process.env };
}
