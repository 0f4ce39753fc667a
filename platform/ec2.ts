import {
  AttachNetworkInterfaceCommand, AttachVolumeCommand, DescribeNetworkInterfacesCommand,
  DescribeVolumesCommand, EC2Client,
} from "@aws-sdk/client-ec2";
import type { Ec2Port, Tag } from "../agent/ports.ts";
import { type AwsOptions, awsErrorName, clientConfig } from "./aws-options.ts";

/** EC2's answers when another instance holds the volume or interface: the fence. */
const inUseErrorNames = new Set(["VolumeInUse", "IncorrectState",
  "InvalidNetworkInterface.InUse"]);

export function createEc2Port(options: AwsOptions): Ec2Port {
  const client = new EC2Client(clientConfig(options));
  const filters = (tags: readonly Tag[]) =>
    tags.map((tag) => ({ Name: `tag:${tag.key}`, Values: [tag.value] }));
  return {
    async findVolumes(tags) {
      const response = await client.send(new DescribeVolumesCommand({ Filters: filters(tags) }));
      return (response.Volumes ?? []).map((volume) => ({
        volumeId: volume.VolumeId ?? "",
        attachments: (volume.Attachments ?? [])
          .filter((a) => a.State === "attached" || a.State === "attaching")
          .map((a) => ({ instanceId: a.InstanceId ?? "", state: a.State ?? "" })),
      }));
    },
    async findInterfaces(tags) {
      const response = await client.send(new DescribeNetworkInterfacesCommand({
        Filters: filters(tags),
      }));
      return (response.NetworkInterfaces ?? []).map((networkInterface) => {
        const attachment = networkInterface.Attachment;
        const attached = attachment !== undefined && attachment.Status !== "detached" &&
          attachment.InstanceId !== undefined;
        return {
          interfaceId: networkInterface.NetworkInterfaceId ?? "",
          privateIp: networkInterface.PrivateIpAddress ?? "",
          ...(attached ? { attachedInstanceId: attachment.InstanceId! } : {}),
        };
      });
    },
    async attachVolume(volumeId, instanceId, device) {
      try {
        await client.send(new AttachVolumeCommand({
          VolumeId: volumeId, InstanceId: instanceId, Device: device,
        }));
        return "attached";
      } catch (error) {
        if (inUseErrorNames.has(awsErrorName(error))) return "inUse";
        throw error;
      }
    },
    async attachInterface(interfaceId, instanceId, deviceIndex) {
      try {
        await client.send(new AttachNetworkInterfaceCommand({
          NetworkInterfaceId: interfaceId, InstanceId: instanceId, DeviceIndex: deviceIndex,
        }));
        return "attached";
      } catch (error) {
        if (inUseErrorNames.has(awsErrorName(error))) return "inUse";
        throw error;
      }
    },
  };
}
