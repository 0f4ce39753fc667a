/**
 * This node's identity from the instance metadata service, IMDSv2 only (token first), through
 * the SDK's MetadataService so the endpoint can be an emulator. The SDK's credential chain is
 * disabled in tests (AWS_EC2_METADATA_DISABLED=true); this client is configured explicitly and
 * is the only one that talks to the metadata endpoint.
 */
import { MetadataService } from "@aws-sdk/ec2-metadata-service";
import { metadataTimeoutMs } from "../agent/constants.ts";
import type { MetadataPort } from "../agent/ports.ts";

/** The real instance metadata endpoint (link-local). */
export const metadataEndpointDefault = "http://169.254.169.254";

export function createMetadataPort(endpoint: string): MetadataPort {
  const service = new MetadataService({
    endpoint, ec2MetadataV1Disabled: true, retries: 2, httpOptions: { timeout: metadataTimeoutMs },
  });
  // The SDK joins the endpoint's path ("/") and this path: no leading slash, or the request
  // goes to "//latest/..." and the server answers with a redirect.
  const read = async (path: string) =>
    (await service.request(`latest/meta-data/${path}`, {})).trim();
  return {
    async identity() {
      const instanceId = await read("instance-id");
      const privateIp = await read("local-ipv4");
      const availabilityZone = await read("placement/availability-zone");
      const region = await read("placement/region");
      return { instanceId, privateIp, availabilityZone, region };
    },
  };
}
