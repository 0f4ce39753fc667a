/**
 * The AWS SDK modules the agent imports one by one: each client and command from its own file
 * in the package (`dist-es/...`), never from the package index.
 *
 * Why: an SDK package's index re-exports every command of its service (`export * from
 * "./commands"`). In the binary the agent command is loaded by a dynamic `import()`, and Bun's
 * bundler keeps every module re-exported that way whole, so the EC2 index alone brings its ~800
 * commands and all their schemas, evaluated when the agent starts (the agent's peak RSS fell by
 * about 20 MiB without them: docs/agent.md, "Benchmarks"); run from source, Bun loads every file
 * the index names. These declarations give each path the package's own types. A path that an
 * SDK update moves fails the build and every agent test, never silently.
 */
declare module "@aws-sdk/client-ssm/dist-es/SSMClient.js" {
  export { SSMClient } from "@aws-sdk/client-ssm";
}
declare module "@aws-sdk/client-ssm/dist-es/commands/DeleteParameterCommand.js" {
  export { DeleteParameterCommand } from "@aws-sdk/client-ssm";
}
declare module "@aws-sdk/client-ssm/dist-es/commands/GetParameterCommand.js" {
  export { GetParameterCommand } from "@aws-sdk/client-ssm";
}
declare module "@aws-sdk/client-ssm/dist-es/commands/GetParametersByPathCommand.js" {
  export { GetParametersByPathCommand } from "@aws-sdk/client-ssm";
}
declare module "@aws-sdk/client-ssm/dist-es/commands/PutParameterCommand.js" {
  export { PutParameterCommand } from "@aws-sdk/client-ssm";
}
declare module "@aws-sdk/client-ec2/dist-es/EC2Client.js" {
  export { EC2Client } from "@aws-sdk/client-ec2";
}
declare module "@aws-sdk/client-ec2/dist-es/commands/AttachNetworkInterfaceCommand.js" {
  export { AttachNetworkInterfaceCommand } from "@aws-sdk/client-ec2";
}
declare module "@aws-sdk/client-ec2/dist-es/commands/AttachVolumeCommand.js" {
  export { AttachVolumeCommand } from "@aws-sdk/client-ec2";
}
declare module "@aws-sdk/client-ec2/dist-es/commands/DescribeNetworkInterfacesCommand.js" {
  export { DescribeNetworkInterfacesCommand } from "@aws-sdk/client-ec2";
}
declare module "@aws-sdk/client-ec2/dist-es/commands/DescribeVolumesCommand.js" {
  export { DescribeVolumesCommand } from "@aws-sdk/client-ec2";
}
declare module "@aws-sdk/client-cloudwatch/dist-es/CloudWatchClient.js" {
  export { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
}
declare module "@aws-sdk/client-cloudwatch/dist-es/commands/PutMetricDataCommand.js" {
  export { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
}
declare module "@aws-sdk/client-cloudwatch-logs/dist-es/CloudWatchLogsClient.js" {
  export { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
}
declare module "@aws-sdk/client-cloudwatch-logs/dist-es/commands/CreateLogStreamCommand.js" {
  export { CreateLogStreamCommand } from "@aws-sdk/client-cloudwatch-logs";
}
declare module "@aws-sdk/client-cloudwatch-logs/dist-es/commands/PutLogEventsCommand.js" {
  export { PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
}
declare module "@aws-sdk/client-cloudformation/dist-es/CloudFormationClient.js" {
  export { CloudFormationClient } from "@aws-sdk/client-cloudformation";
}
declare module "@aws-sdk/client-cloudformation/dist-es/commands/SignalResourceCommand.js" {
  export { SignalResourceCommand } from "@aws-sdk/client-cloudformation";
}
