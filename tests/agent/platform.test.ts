/**
 * The agent's platform adapters: endpoints follow the SDK's partition rules (the China
 * partition is amazonaws.com.cn, which the hand-written transport got wrong), EC2 answers map
 * to the agent's views, and host facts parse from /proc formats.
 */
import { describe, expect, test } from "bun:test";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { DescribeVolumesCommand } from "@aws-sdk/client-ec2";
import { SignalResourceCommand } from "@aws-sdk/client-cloudformation";
import { createAwsClients } from "../../platform/aws-clients.ts";
import { toInterface, toVolume } from "../../platform/ec2.ts";
import { parseCapIpcLock, parseMemlock } from "../../platform/host-facts.ts";
import { deviceCandidates } from "../../platform/storage-block.ts";

/** A request handler that records where the SDK would send a request, and sends nothing. */
function capturingHandler(hosts: string[]) {
  return {
    handle: async (request: { hostname: string; protocol: string }) => {
      hosts.push(`${request.protocol}//${request.hostname}`);
      throw Object.assign(new Error("captured, not sent"), { name: "Captured" });
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
  };
}

describe("endpoints follow the SDK's rules", () => {
  const endpointVariables = ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SSM", "AWS_ENDPOINT_URL_EC2",
    "AWS_ENDPOINT_URL_CLOUDFORMATION", "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"];
  async function hostsFor(region: string): Promise<string[]> {
    const saved = endpointVariables.map((name) => [name, process.env[name]] as const);
    for (const name of endpointVariables) delete process.env[name];
    try {
      const hosts: string[] = [];
      const clients = createAwsClients({ region,
        requestHandler: capturingHandler(hosts) as never });
      for (const send of [
        () => clients.ssm.send(new GetParameterCommand({ Name: "/a/b" })),
        () => clients.ec2.send(new DescribeVolumesCommand({})),
        async () =>
          (await clients.cloudFormation()).send(new SignalResourceCommand({
            StackName: "s",
            LogicalResourceId: "r",
            UniqueId: "i",
            Status: "SUCCESS",
          })),
      ]) {
        await expect(send()).rejects.toThrow("captured, not sent");
      }
      return [...new Set(hosts)];
    } finally {
      for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
    }
  }

  test("cn-north-1 is in the China partition: amazonaws.com.cn", async () => {
    expect(await hostsFor("cn-north-1")).toEqual(["https://ssm.cn-north-1.amazonaws.com.cn",
      "https://ec2.cn-north-1.amazonaws.com.cn",
      "https://cloudformation.cn-north-1.amazonaws.com.cn"]);
  });

  test("eu-west-1 is in the aws partition", async () => {
    expect(await hostsFor("eu-west-1")).toEqual(["https://ssm.eu-west-1.amazonaws.com",
      "https://ec2.eu-west-1.amazonaws.com", "https://cloudformation.eu-west-1.amazonaws.com"]);
  });
});

describe("EC2 answers", () => {
  test("volumes: only live attachments count; interfaces: attached instance and IP", () => {
    expect([
      { VolumeId: "vol-1", Attachments: [{ InstanceId: "i-a", State: "attached" as const }] },
      { VolumeId: "vol-2", Attachments: [{ InstanceId: "i-b", State: "detaching" as const }] },
      { VolumeId: "vol-3", Attachments: [] },
      { VolumeId: "vol-4" },
    ].map(toVolume)).toEqual([
      { volumeId: "vol-1", attachments: [{ instanceId: "i-a", state: "attached" }] },
      { volumeId: "vol-2", attachments: [] },
      { volumeId: "vol-3", attachments: [] },
      { volumeId: "vol-4", attachments: [] },
    ]);
    expect([
      { NetworkInterfaceId: "eni-1", PrivateIpAddress: "10.0.0.10",
        Attachment: { InstanceId: "i-a", DeviceIndex: 1, Status: "attached" as const } },
      { NetworkInterfaceId: "eni-2", PrivateIpAddress: "10.0.0.11" },
      { NetworkInterfaceId: "eni-3", PrivateIpAddress: "10.0.0.12",
        Attachment: { InstanceId: "i-b", Status: "detached" as const } },
    ].map(toInterface)).toEqual([
      { interfaceId: "eni-1", privateIp: "10.0.0.10", attachedInstanceId: "i-a" },
      { interfaceId: "eni-2", privateIp: "10.0.0.11" },
      { interfaceId: "eni-3", privateIp: "10.0.0.12" },
    ]);
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
      "/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0abc123",
      "/dev/sdf",
      "/dev/xvdf",
    ]);
  });
});
