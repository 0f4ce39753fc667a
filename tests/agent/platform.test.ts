/**
 * The agent's own AWS wire code and host probes: SigV4 must match the SDK's signer byte for
 * byte (moto does not check signatures, real AWS does), EC2 XML is read correctly, and host
 * facts parse from /proc formats.
 */
import { describe, expect, test } from "bun:test";
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac } from "node:crypto";
import { toInterface, toVolume } from "../../platform/ec2.ts";
import { parseCapIpcLock, parseMemlock } from "../../platform/host-facts.ts";
import { signPost } from "../../platform/sigv4.ts";
import { deviceCandidates } from "../../platform/storage-block.ts";
import { items, parseXml } from "../../platform/xml.ts";

/** The SDK's signer needs a hash class; node:crypto gives the same SHA-256/HMAC. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", secret);
  }
  update(data: string | Uint8Array) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

describe("SigV4", () => {
  const credentials = { accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "token/+=" };
  const cases: { service: string; url: string; body: string;
    headers: Record<string, string> }[] = [
    { service: "ssm", url: "https://ssm.eu-west-1.amazonaws.com/", body: "{\"Name\":\"/a/b\"}",
      headers: { "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AmazonSSM.GetParameter" } },
    { service: "ec2", url: "http://127.0.0.1:5000/",
      body: "Action=DescribeVolumes&Version=2016-11-15&Filter.1.Name=tag%3Ak",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } },
  ];
  for (const example of cases) {
    test(`matches the SDK's signer for ${example.service}`, async () => {
      const now = new Date("2026-11-26T12:34:56.789Z");
      const url = new URL(example.url);
      const mine = signPost(url, example.body, example.headers,
        { service: example.service, region: "eu-west-1" }, credentials, now);
      const sdk = new SignatureV4({ service: example.service, region: "eu-west-1", credentials,
        sha256: NodeSha256 as never, uriEscapePath: true, applyChecksum: false });
      const signed = await sdk.sign({ method: "POST", protocol: url.protocol,
        hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: "/",
        query: {}, body: example.body,
        headers: { ...example.headers, host: url.host } } as never, { signingDate: now });
      const headers = (signed as unknown as { headers: Record<string, string> }).headers;
      expect(mine.authorization).toBe(headers.authorization!);
      expect(mine["x-amz-date"]).toBe(headers["x-amz-date"]!);
      expect(mine["x-amz-security-token"]).toBe("token/+=");
    });
  }
});

describe("EC2 XML", () => {
  test("volumes: only live attachments count; interfaces: attached instance and IP", () => {
    const volumes = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
      <DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
        <requestId>r</requestId><volumeSet>
        <item><volumeId>vol-1</volumeId><attachmentSet><item><volumeId>vol-1</volumeId>
          <instanceId>i-a</instanceId><status>attached</status></item></attachmentSet>
          <tagSet><item><key>k</key><value>a &amp; b</value></item></tagSet></item>
        <item><volumeId>vol-2</volumeId><attachmentSet><item><instanceId>i-b</instanceId>
          <status>detaching</status></item></attachmentSet></item>
        <item><volumeId>vol-3</volumeId><attachmentSet/></item>
      </volumeSet></DescribeVolumesResponse>`);
    const list = items(volumes.children[0], "volumeSet").map(toVolume);
    expect(list).toEqual([
      { volumeId: "vol-1", attachments: [{ instanceId: "i-a", state: "attached" }] },
      { volumeId: "vol-2", attachments: [] },
      { volumeId: "vol-3", attachments: [] },
    ]);
    const interfaces = parseXml(`<DescribeNetworkInterfacesResponse><networkInterfaceSet>
      <item><networkInterfaceId>eni-1</networkInterfaceId><privateIpAddress>10.0.0.10
      </privateIpAddress><attachment><instanceId>i-a</instanceId><deviceIndex>1</deviceIndex>
      <status>attached</status></attachment></item>
      <item><networkInterfaceId>eni-2</networkInterfaceId>
      <privateIpAddress>10.0.0.11</privateIpAddress></item>
      </networkInterfaceSet></DescribeNetworkInterfacesResponse>`);
    expect(items(interfaces.children[0], "networkInterfaceSet").map(toInterface)).toEqual([
      { interfaceId: "eni-1", privateIp: "10.0.0.10", attachedInstanceId: "i-a" },
      { interfaceId: "eni-2", privateIp: "10.0.0.11" },
    ]);
  });

  test("malformed XML is an error, not a guess", () => {
    expect(() => parseXml("<a><b></a>")).toThrow(/closes/);
    expect(() => parseXml("<a><b>")).toThrow(/unclosed/);
  });
});

describe("host facts and devices", () => {
  test("memlock limit from /proc/self/limits", () => {
    const limits = "Limit                     Soft Limit           Hard Limit           Units\n" +
      "Max locked memory         8388608              8388608              bytes\n";
    expect(parseMemlock(limits)).toBe(8_388_608);
    expect(parseMemlock(limits.replace(/8388608/g, "unlimited"))).toBe("unlimited");
    expect(parseMemlock(undefined)).toBeUndefined();
  });

  test("CAP_IPC_LOCK (bit 14) from CapEff", () => {
    expect(parseCapIpcLock("CapEff:\t0000000000004000\n")).toBe(true);
    expect(parseCapIpcLock("CapEff:\t0000000000000000\n")).toBe(false);
    expect(parseCapIpcLock("CapEff:\t000001ffffffffff\n")).toBe(true);
  });

  test("the Nitro NVMe path carries the volume id without its dash", () => {
    expect(deviceCandidates("vol-0abc123", "/dev/sdf")).toEqual([
      "/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0abc123", "/dev/sdf", "/dev/xvdf"]);
  });
});
