/** The agent's EC2 port on the SDK client: find the replica's volume and interface, attach. */
import type { EC2Client, NetworkInterface, Volume } from "@aws-sdk/client-ec2";
import {
  AttachNetworkInterfaceCommand,
} from "@aws-sdk/client-ec2/dist-es/commands/AttachNetworkInterfaceCommand.js";
import { AttachVolumeCommand } from "@aws-sdk/client-ec2/dist-es/commands/AttachVolumeCommand.js";
import {
  DescribeNetworkInterfacesCommand,
} from "@aws-sdk/client-ec2/dist-es/commands/DescribeNetworkInterfacesCommand.js";
import {
  DescribeVolumesCommand,
} from "@aws-sdk/client-ec2/dist-es/commands/DescribeVolumesCommand.js";
import { assert } from "../agent/assert.ts";
import { ssmPagesMax } from "../agent/constants.ts";
import type { Ec2Port, InterfaceView, Tag, VolumeView } from "../agent/ports.ts";
import { awsErrorName } from "./aws-clients.ts";

/** EC2's answers when another instance holds the volume or interface: the fence. */
const inUseErrorNames = new Set(["VolumeInUse", "IncorrectState", "InvalidNetworkInterface.InUse"]);

function tagFilters(tags: readonly Tag[]) {
  return tags.map((tag) => ({ Name: `tag:${tag.key}`, Values: [tag.value] }));
}

export function createEc2Port(client: EC2Client): Ec2Port {
  async function attach(send: () => Promise<unknown>) {
    try {
      await send();
      return "attached" as const;
    } catch (error) {
      if (inUseErrorNames.has(awsErrorName(error))) return "inUse" as const;
      throw error;
    }
  }
  return {
    async findVolumes(tags) {
      const found: Volume[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < ssmPagesMax; page++) {
        const answer = await client.send(new DescribeVolumesCommand({
          Filters: tagFilters(tags),
          NextToken: nextToken,
        }));
        found.push(...answer.Volumes ?? []);
        nextToken = answer.NextToken || undefined;
        if (nextToken === undefined) return found.map(toVolume);
      }
      assert(false, `EC2 DescribeVolumes: more than ${ssmPagesMax} pages`);
      return [];
    },
    async findInterfaces(tags) {
      const found: NetworkInterface[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < ssmPagesMax; page++) {
        const answer = await client.send(new DescribeNetworkInterfacesCommand({
          Filters: tagFilters(tags),
          NextToken: nextToken,
        }));
        found.push(...answer.NetworkInterfaces ?? []);
        nextToken = answer.NextToken || undefined;
        if (nextToken === undefined) return found.map(toInterface);
      }
      assert(false, `EC2 DescribeNetworkInterfaces: more than ${ssmPagesMax} pages`);
      return [];
    },
    attachVolume: (volumeId, instanceId, device) =>
      attach(() =>
        client.send(
          new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId, Device: device }),
        )
      ),
    attachInterface: (interfaceId, instanceId, deviceIndex) =>
      attach(() =>
        client.send(
          new AttachNetworkInterfaceCommand({ NetworkInterfaceId: interfaceId,
            InstanceId: instanceId, DeviceIndex: deviceIndex }),
        )
      ),
  };
}

/** Only live attachments (attaching, attached) hold a volume. */
export function toVolume(volume: Volume): VolumeView {
  return {
    volumeId: volume.VolumeId ?? "",
    attachments: (volume.Attachments ?? [])
      .map((a) => ({ instanceId: a.InstanceId ?? "", state: String(a.State ?? "") }))
      .filter((a) => a.state === "attached" || a.state === "attaching"),
  };
}

export function toInterface(networkInterface: NetworkInterface): InterfaceView {
  const attachment = networkInterface.Attachment;
  const instanceId = attachment?.InstanceId;
  const attached = instanceId !== undefined && instanceId !== "" &&
    attachment?.Status !== "detached";
  return {
    interfaceId: networkInterface.NetworkInterfaceId ?? "",
    privateIp: networkInterface.PrivateIpAddress ?? "",
    ...(attached ? { attachedInstanceId: instanceId } : {}),
  };
}
