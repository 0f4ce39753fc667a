/**
 * This node's identity from the instance metadata service, IMDSv2 only: a session token first
 * (PUT), then reads with it. The endpoint is configurable so tests point it at a local emulator
 * (AWS's amazon-ec2-metadata-mock); nothing else in the agent talks to the metadata service.
 */
import { metadataTimeoutMs } from "../agent/constants.ts";
import type { MetadataPort } from "../agent/ports.ts";

/** The real instance metadata endpoint (link-local). */
export const metadataEndpointDefault = "http://169.254.169.254";
const tokenTtlSeconds = 21_600;

export interface MetadataClient {
  /** GET /latest/<path> with a session token; throws on anything but 200. */
  get(path: string): Promise<string>;
}

export function createMetadataClient(endpoint: string): MetadataClient {
  const base = endpoint.replace(/\/+$/, "");
  // Reads made at once share one token request; a failed one is asked again next time.
  let token: { value: Promise<string>; expiresAtMs: number } | undefined;
  async function requestToken(): Promise<string> {
    const response = await fetch(`${base}/latest/api/token`, { method: "PUT",
      headers: { "x-aws-ec2-metadata-token-ttl-seconds": String(tokenTtlSeconds) },
      signal: AbortSignal.timeout(metadataTimeoutMs) });
    if (response.status !== 200) throw new Error(`IMDSv2 token: HTTP ${response.status}`);
    return await response.text();
  }
  function session(): Promise<string> {
    if (token !== undefined && Date.now() < token.expiresAtMs) return token.value;
    const value = requestToken();
    const current = { value, expiresAtMs: Date.now() + tokenTtlSeconds * 500 };
    token = current;
    value.catch(() => {
      if (token === current) token = undefined;
    });
    return value;
  }
  return {
    async get(path) {
      const response = await fetch(`${base}/latest/${path}`, {
        headers: { "x-aws-ec2-metadata-token": await session() },
        signal: AbortSignal.timeout(metadataTimeoutMs),
      });
      if (response.status !== 200) throw new Error(`IMDS ${path}: HTTP ${response.status}`);
      return await response.text();
    },
  };
}

export function createMetadataPort(client: MetadataClient): MetadataPort {
  const read = async (path: string) => (await client.get(`meta-data/${path}`)).trim();
  return {
    async identity() {
      const [instanceId, privateIp, availabilityZone, region] = await Promise.all([
        read("instance-id"),
        read("local-ipv4"),
        read("placement/availability-zone"),
        read("placement/region"),
      ]);
      return { instanceId, privateIp, availabilityZone, region };
    },
  };
}
