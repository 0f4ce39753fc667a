/**
 * Which resources hold data that a replacement or removal would lose, and which of their
 * properties cannot change in place.
 */
import { tagCluster } from "../ir/tigerbeetle-node.ts";

export const statefulTypes: ReadonlySet<string> = new Set([
  "AWS::EC2::Volume",
  "AWS::RDS::DBCluster",
  "AWS::RDS::DBInstance",
  "AWS::S3::Bucket",
  "AWS::DynamoDB::Table",
  "AWS::EFS::FileSystem",
]);

/**
 * Properties CloudFormation's resource specification marks as updatable, but which an existing
 * resource cannot take in place: EC2's ModifyVolume only changes size, type, IOPS and
 * throughput, so a new AZ, encryption setting, key or snapshot means a new (empty) volume.
 * `@aws-cdk/cloudformation-diff` reports these as plain updates; we treat them as replacements.
 */
export const inPlaceImpossible: Readonly<Record<string, readonly string[]>> = {
  "AWS::EC2::Volume": ["AvailabilityZone", "Encrypted", "KmsKeyId", "SnapshotId", "OutpostArn",
    "SourceVolumeId"],
};

/** A short name for reports: "TigerBeetle data volume", "database", "bucket", ... */
export function statefulKind(type: string, resource: unknown): string {
  if (type === "AWS::EC2::Volume") {
    const tags = (resource as { Properties?: { Tags?: { Key?: unknown }[] } } | undefined)
      ?.Properties?.Tags;
    const isTigerBeetle = Array.isArray(tags) && tags.some((tag) => tag?.Key === tagCluster);
    return isTigerBeetle ? "TigerBeetle data volume" : "EBS volume";
  }
  if (type.startsWith("AWS::RDS::")) return "database";
  if (type === "AWS::S3::Bucket") return "bucket";
  if (type === "AWS::DynamoDB::Table") return "table";
  return "file system";
}
