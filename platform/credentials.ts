/**
 * AWS credentials for the agent: the environment (AWS_ACCESS_KEY_ID, ...; tests use fake ones)
 * or, on EC2, the instance profile's role through IMDSv2, refreshed before it expires.
 */
import type { Credentials } from "./sigv4.ts";
import type { MetadataClient } from "./metadata.ts";

export type CredentialsProvider = () => Promise<Credentials>;

/** Refresh role credentials this long before they expire. */
const refreshMarginMs = 300_000;

export function createCredentialsProvider(env: Readonly<Record<string, string | undefined>>,
  metadata: MetadataClient): CredentialsProvider {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (accessKeyId && secretAccessKey) {
    const fixed: Credentials = { accessKeyId, secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
    return async () => fixed;
  }
  if (env.AWS_EC2_METADATA_DISABLED === "true") {
    return async () => {
      throw new Error("no AWS credentials: AWS_ACCESS_KEY_ID is not set and the instance " +
        "profile is off (AWS_EC2_METADATA_DISABLED=true)");
    };
  }
  let cached: { credentials: Credentials; expiresAtMs: number } | undefined;
  return async () => {
    if (cached !== undefined && Date.now() < cached.expiresAtMs - refreshMarginMs) {
      return cached.credentials;
    }
    const roles = await metadata.get("meta-data/iam/security-credentials/");
    const role = roles.split("\n")[0]?.trim();
    if (!role) {
      throw new Error("no AWS credentials: no AWS_ACCESS_KEY_ID and no instance profile role");
    }
    const answer = JSON.parse(await metadata.get(`meta-data/iam/security-credentials/${role}`));
    cached = {
      credentials: { accessKeyId: answer.AccessKeyId, secretAccessKey: answer.SecretAccessKey,
        sessionToken: answer.Token },
      expiresAtMs: Date.parse(answer.Expiration),
    };
    return cached.credentials;
  };
}
