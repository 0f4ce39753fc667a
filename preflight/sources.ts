import type { Span } from "../ir/span.ts";
import type { PreflightInput } from "./types.ts";

/** Where the user wrote a dazzle.toml key, when they did (keys left at default have no span). */
export function configSpan(input: PreflightInput, dottedKey: string): Span | undefined {
  return input.config.sources[dottedKey];
}

/** `dev` environments trade safety for cost on purpose; several checks only apply outside. */
export function isDev(input: PreflightInput): boolean {
  return input.config.environment === "dev";
}
