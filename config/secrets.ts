/**
 * `[deploy.secrets]`: `NAME = "ssm:/path"` or `NAME = "secretsmanager:name"`. Each becomes an
 * environment variable of the task, read by ECS at start; the value never enters the template.
 */
import type { SecretReference } from "../ir/deploy-config.ts";
import { describeValue, report, spanOf, type ConfigReader, type Section } from "./reader.ts";

const secretNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** SSM parameter names: letters, digits and `_.-/`, absolute path (SSM API constraints). */
const ssmPathPattern = /^\/[A-Za-z0-9_.\-/]{1,1010}$/;
/** Secrets Manager names (`/_+=.@-`) or a full secret ARN. */
const secretsManagerNamePattern = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const secretsManagerArnPattern =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

const referenceHint =
  "write \"ssm:/app/env/name\" (SSM parameter) or \"secretsmanager:app/name\" (Secrets Manager)";

export function readSecrets(reader: ConfigReader, section: Section): SecretReference[] {
  const secrets: SecretReference[] = [];
  const seen = new Map<string, string>();
  for (const [key, value] of Object.entries(section.values)) {
    const path = `${section.path}.${key}`;
    reader.sources[path] = spanOf(reader, path);
    const name = key.toUpperCase();
    if (!secretNamePattern.test(key)) {
      report(reader, path, "config/invalidSecretReference",
        `secret name '${key}' is not a valid environment variable name`,
        "use letters, digits and underscores, not starting with a digit");
      continue;
    }
    if (seen.has(name)) {
      report(reader, path, "config/invalidSecretReference",
        `secrets '${seen.get(name)}' and '${key}' both become the variable ${name}`);
      continue;
    }
    seen.set(name, key);
    const reference = parseReference(reader, path, value);
    if (reference) secrets.push({ name, ...reference, span: spanOf(reader, path) });
  }
  return secrets;
}

function parseReference(
  reader: ConfigReader,
  path: string,
  value: unknown,
): Pick<SecretReference, "source" | "path"> | undefined {
  if (typeof value !== "string") {
    report(reader, path, "config/wrongType",
      `'${path}' must be a string like "ssm:/path", but it is ${describeValue(value)}`);
    return undefined;
  }
  const colon = value.indexOf(":");
  const scheme = colon < 0 ? "" : value.slice(0, colon);
  const target = value.slice(colon + 1);
  if (scheme === "ssm" && ssmPathPattern.test(target)) return { source: "ssm", path: target };
  if (scheme === "secretsmanager" && (secretsManagerNamePattern.test(target) ||
    secretsManagerArnPattern.test(target))) {
    return { source: "secretsmanager", path: target };
  }
  const problem = scheme === "ssm"
    ? "an SSM parameter path must start with \"/\" and use letters, digits, _ . - /"
    : scheme === "secretsmanager"
    ? "a Secrets Manager name uses letters, digits and / _ + = . @ -"
    : "it must start with \"ssm:\" or \"secretsmanager:\"";
  report(reader, path, "config/invalidSecretReference",
    `'${path}' = ${JSON.stringify(value)} is not a secret reference: ${problem}`, referenceHint);
  return undefined;
}
