/**
 * Names derived from the DSL for AWS resources and environment variables. Pure and total: a
 * name that cannot be converted is reported by the caller, never silently replaced.
 */

/** Longest app name we accept, so `{app}-{env}-{suffix}` fits AWS's 64/80-character limits. */
export const appNameLengthMax = 24;

/**
 * `My_App` → `my-app`: lower-case letters, digits and single dashes, starting with a letter.
 * Returns undefined when nothing usable is left or the result is too long.
 */
export function resourceName(raw: string, lengthMax = appNameLengthMax): string | undefined {
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (name.length === 0 || name.length > lengthMax) return undefined;
  if (!/^[a-z]/.test(name)) return undefined;
  return name;
}

/** `ledger_events` → `LEDGER_EVENTS`: an environment-variable word. */
export function environmentWord(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

/** `my-app` → `my_app`: a PostgreSQL identifier. */
export function databaseIdentifier(app: string): string {
  return app.replace(/-/g, "_");
}
