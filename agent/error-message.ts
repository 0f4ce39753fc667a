/** How the agent writes an operating error in its log: AWS's error code (the name) first. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
