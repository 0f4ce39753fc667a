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
  let token: { value: string; expiresAtMs: number } | undefined;
  async function session(): Promise<string> {
    if (token !== undefined && Date.now() < token.expiresAtMs) return token.value;
    const response = await fetch(`${base}/latest/api/token`, { method: "PUT",
      headers: { "x-aws-ec2-metadata-token-ttl-seconds": String(tokenTtlSeconds) },
      signal: AbortSignal.timeout(metadataTimeoutMs) });
    if (response.status !== 200) throw new Error(`IMDSv2 token: HTTP ${response.status}`);
    token = { value: await response.text(), expiresAtMs: Date.now() + tokenTtlSeconds * 500 };
    return token.value;
  }
  return {
    async get(path) {
      const response = await fetch(`${base}/latest/${path}`, {
        headers: { "x-aws-ec2-metadata-token": await session() },
        signal: AbortSignal.timeout(metadataTimeoutMs) });
      if (response.status !== 200) throw new Error(`IMDS ${path}: HTTP ${response.status}`);
      return await response.text();
    },
  };
}

export function createMetadataPort(client: MetadataClient): MetadataPort {
  const read = async (path: string) => (await client.get(`meta-data/${path}`)).trim();
  return {
    async identity() {
      return {
        instanceId: await read("instance-id"),
        privateIp: await read("local-ipv4"),
        availabilityZone: await read("placement/availability-zone"),
        region: await read("placement/region"),
      };
    },
  };
}
