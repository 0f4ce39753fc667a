/**
 * The instance role of one replica, least-privilege: it can read only the cluster's SSM
 * parameters and write only its own registrations (`nodes/<i>/*`) and its own `formatted/<i>`
 * marker (never the cluster id, replica count, addresses or version the stack writes, nor
 * another replica's registration or marker, so a compromised replica cannot redirect or erase
 * its peers' discovery entries), attach only its own volume and network interface (by ARN and
 * by the cluster and replica tags, so an instance of another replica or cluster cannot), publish
 * metrics only in its namespace, write only to the cluster's log group, and read only the
 * pinned release artifacts when they are mirrored in S3. Operators reach the node through
 * Session Manager with the permissions the SSM agent needs for sessions only — not
 * AmazonSSMManagedInstanceCore, whose `ssm:GetParameter(s)` on `*` would let a replica read
 * every parameter of the account, the app's secrets included. (`cloudformation:SignalResource`
 * on this stack's id is granted by the Auto Scaling group's `signals` setting.)
 */
import * as iam from "aws-cdk-lib/aws-iam";
import type * as logs from "aws-cdk-lib/aws-logs";
import { Stack } from "aws-cdk-lib/core";
import { Construct } from "constructs";
import { ssmNames, tagCluster, tagReplica } from "../../ir/tigerbeetle-node.ts";

export interface ReplicaRoleProps {
  readonly replicaIndex: number;
  readonly clusterTag: string;
  /** `/{app}/{env}/tigerbeetle`; the role may use parameters below it only. */
  readonly ssmPrefix: string;
  readonly metricsNamespace: string;
  readonly volumeId: string;
  readonly networkInterfaceId: string;
  readonly logGroup: logs.ILogGroup;
  /** Where user-data downloads the pinned binaries; an `s3://` base gets a read grant below it. */
  readonly artifactBaseUrl: string;
}

/** `s3://bucket/prefix` → the object ARN pattern the node may read, or undefined for https. */
export function artifactObjectArn(artifactBaseUrl: string, partition: string): string | undefined {
  const match = /^s3:\/\/([^/]+)(\/.*)?$/.exec(artifactBaseUrl);
  if (!match) return undefined;
  const prefix = (match[2] ?? "").replace(/\/+$/, "");
  return `arn:${partition}:s3:::${match[1]}${prefix}/*`;
}

/** EC2 describe calls cannot be scoped to resources (IAM requires `*` for them). */
const describeActions = [
  "ec2:DescribeInstances",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeTags",
  "ec2:DescribeVolumes",
] as const;

const ssmReadActions = [
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
] as const;

/**
 * What the SSM agent needs for Session Manager sessions (AWS Systems Manager user guide, "Verify
 * or add instance permissions for Session Manager"). The ssmmessages actions have no resource
 * types; UpdateInstanceInformation is scoped to instances.
 */
const sessionMessageActions = [
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
] as const;

export class ReplicaRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ReplicaRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const arnPrefix = (service: string) =>
      `arn:${stack.partition}:${service}:${stack.region}:${stack.account}`;
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com"),
      description: `TigerBeetle replica ${props.replicaIndex} of ${props.clusterTag}`,
    });
    const ownResourceTags = {
      [`aws:ResourceTag/${tagCluster}`]: props.clusterTag,
      [`aws:ResourceTag/${tagReplica}`]: String(props.replicaIndex),
    };
    const parameter = (name: string) => `${arnPrefix("ssm")}:parameter${name}`;
    const statements = [
      new iam.PolicyStatement({
        sid: "ReadClusterParameters",
        actions: [...ssmReadActions],
        resources: [parameter(props.ssmPrefix), parameter(`${props.ssmPrefix}/*`)],
      }),
      new iam.PolicyStatement({
        // nodes/{i}/{instance-id}: the agent registers its instance and removes the stale
        // entries of earlier instances of its replica (instance ids are only known at run
        // time, hence the wildcard, below this replica's own path).
        //
        // Nothing on the `nodes/{instance-id}` entries an earlier dazzle wrote: IAM cannot
        // name "this instance's id" in a resource, and those names carry no replica index, so
        // the narrowest grant would let replica i delete every replica's old entry: the
        // cross-replica write this statement exists to rule out. Nor would it serve: dazzle
        // upgrades by replacing instances, so an agent never finds an old entry of its own
        // instance id. The agent ignores those entries; `tigerbeetle status` lists them with
        // the command that deletes them (docs/agent.md, "Registrations").
        sid: "RegisterOwnReplica",
        actions: ["ssm:PutParameter", "ssm:DeleteParameter"],
        resources: [
          parameter(`${ssmNames.replicaNodesPath(props.ssmPrefix, props.replicaIndex)}/*`),
        ],
      }),
      new iam.PolicyStatement({
        sid: "MarkOwnReplicaFormatted",
        actions: ["ssm:PutParameter"],
        resources: [parameter(ssmNames.formatted(props.ssmPrefix, props.replicaIndex))],
      }),
      new iam.PolicyStatement({
        // Session Manager for operators instead of SSH keys and an open port 22.
        sid: "SessionManager",
        actions: [...sessionMessageActions],
        resources: ["*"],
      }),
      new iam.PolicyStatement({
        sid: "SessionManagerRegistration",
        actions: ["ssm:UpdateInstanceInformation"],
        resources: [`${arnPrefix("ec2")}:instance/*`],
      }),
      new iam.PolicyStatement({
        sid: "AttachOwnVolume",
        actions: ["ec2:AttachVolume"],
        resources: [
          `${arnPrefix("ec2")}:volume/${props.volumeId}`,
          `${arnPrefix("ec2")}:instance/*`,
        ],
        conditions: { StringEquals: ownResourceTags },
      }),
      new iam.PolicyStatement({
        sid: "AttachOwnNetworkInterface",
        actions: ["ec2:AttachNetworkInterface"],
        resources: [
          `${arnPrefix("ec2")}:network-interface/${props.networkInterfaceId}`,
          `${arnPrefix("ec2")}:instance/*`,
        ],
        conditions: { StringEquals: ownResourceTags },
      }),
      new iam.PolicyStatement({
        sid: "Describe",
        actions: [...describeActions],
        resources: ["*"],
      }),
      new iam.PolicyStatement({
        sid: "AgentMetrics",
        actions: ["cloudwatch:PutMetricData"],
        resources: ["*"],
        conditions: { StringEquals: { "cloudwatch:namespace": props.metricsNamespace } },
      }),
    ];
    const artifacts = artifactObjectArn(props.artifactBaseUrl, stack.partition);
    if (artifacts) {
      statements.push(new iam.PolicyStatement({
        sid: "ReadPinnedArtifacts",
        actions: ["s3:GetObject"],
        resources: [artifacts],
      }));
    }
    const policy = new iam.Policy(this, "Policy", { statements });
    policy.attachToRole(this.role);
    props.logGroup.grantWrite(this.role);
  }
}
