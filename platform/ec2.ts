/** The agent's EC2 port over the Query API (see aws-http.ts for why not the SDK client). */
import { assert } from "../agent/assert.ts";
import { ssmPagesMax } from "../agent/constants.ts";
import type { Ec2Port, InterfaceView, Tag, VolumeView } from "../agent/ports.ts";
import { type AwsHttpClient, awsErrorName } from "./aws-http.ts";
import { type XmlElement, child, items, textOf } from "./xml.ts";

/** EC2's answers when another instance holds the volume or interface: the fence. */
const inUseErrorNames = new Set(["VolumeInUse", "IncorrectState",
  "InvalidNetworkInterface.InUse"]);

const ec2ApiVersion = "2016-11-15";

export function createEc2Port(client: AwsHttpClient): Ec2Port {
  const call = (action: string, parameters: Record<string, string>) =>
    client.query(action, ec2ApiVersion, parameters);
  async function describe(action: string, listName: string, tags: readonly Tag[]) {
    const found: XmlElement[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < ssmPagesMax; page++) {
      const parameters: Record<string, string> = {};
      tags.forEach((tag, index) => {
        parameters[`Filter.${index + 1}.Name`] = `tag:${tag.key}`;
        parameters[`Filter.${index + 1}.Value.1`] = tag.value;
      });
      if (nextToken !== undefined) parameters.NextToken = nextToken;
      const document = await call(action, parameters);
      const response = document.children[0];
      found.push(...items(response, listName));
      nextToken = textOf(response, "nextToken") || undefined;
      if (nextToken === undefined) return found;
    }
    assert(false, `EC2 ${action}: more than ${ssmPagesMax} pages`);
    return found;
  }
  async function attach(action: string, parameters: Record<string, string>) {
    try {
      await call(action, parameters);
      return "attached" as const;
    } catch (error) {
      if (inUseErrorNames.has(awsErrorName(error))) return "inUse" as const;
      throw error;
    }
  }
  return {
    async findVolumes(tags) {
      return (await describe("DescribeVolumes", "volumeSet", tags)).map(toVolume);
    },
    async findInterfaces(tags) {
      return (await describe("DescribeNetworkInterfaces", "networkInterfaceSet", tags))
        .map(toInterface);
    },
    attachVolume: (volumeId, instanceId, device) =>
      attach("AttachVolume", { VolumeId: volumeId, InstanceId: instanceId, Device: device }),
    attachInterface: (interfaceId, instanceId, deviceIndex) =>
      attach("AttachNetworkInterface", { NetworkInterfaceId: interfaceId,
        InstanceId: instanceId, DeviceIndex: String(deviceIndex) }),
  };
}

export function toVolume(item: XmlElement): VolumeView {
  return {
    volumeId: textOf(item, "volumeId") ?? "",
    attachments: items(item, "attachmentSet")
      .map((a) => ({ instanceId: textOf(a, "instanceId") ?? "", state: textOf(a, "status") ?? "" }))
      .filter((a) => a.state === "attached" || a.state === "attaching"),
  };
}

export function toInterface(item: XmlElement): InterfaceView {
  const attachment = child(item, "attachment");
  const instanceId = textOf(attachment, "instanceId");
  const status = textOf(attachment, "status");
  const attached = instanceId !== undefined && instanceId !== "" && status !== "detached";
  return {
    interfaceId: textOf(item, "networkInterfaceId") ?? "",
    privateIp: textOf(item, "privateIpAddress") ?? "",
    ...(attached ? { attachedInstanceId: instanceId } : {}),
  };
}

