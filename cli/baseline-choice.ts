/**
 * Which baseline `deploy diff` and `deploy preflight` compare with (`--against deployed|record`)
 * and reading it: the deployed stacks (CloudFormation GetTemplate in the project's account and
 * region, the endpoint from the standard AWS settings, so AWS_ENDPOINT_URL reaches an emulator)
 * or the record of the last `deploy generate`. Default: deployed when AWS credentials resolve,
 * else the record.
 */
import { cloudFormationClient } from "../aws/clients.ts";
import { deployedTemplateReader } from "../aws/deployed-templates.ts";
import type { AWSRequirements } from "../ir/aws-requirements.ts";
import { stackIds, stackName } from "../ir/stacks.ts";
import { baselineSources, deployedBaseline, readRecord, recordBaseline, type Baseline,
  type BaselineSource } from "../versioning/index.ts";
import type { CommandContext } from "./command.ts";
import { UsageError } from "./errors.ts";
import type { FlagSpec } from "./flags.ts";
import { operatorAws } from "./operator-aws.ts";

export const againstFlag: FlagSpec = {
  type: "string",
  valueName: "deployed|record",
  description: "compare with the deployed stacks (CloudFormation) or the record of the last " +
    "`deploy generate` (default: deployed when AWS credentials resolve, else record)",
};

export async function readBaseline(context: CommandContext, options: {
  readonly against: unknown;
  readonly aws: AWSRequirements;
  readonly infraDir: string;
}): Promise<Baseline> {
  const { aws, infraDir } = options;
  const client = cloudFormationClient(operatorAws(context, aws.region));
  const source = await chooseSource(options.against, client);
  const record = readRecord(infraDir);
  if (source === "record") return recordBaseline(infraDir, record);
  const where = `${aws.region}${aws.account ? ` (account ${aws.account})` : ""}`;
  try {
    return await deployedBaseline({
      stacks: stackIds.map((id) => ({ id, stackName: stackName(aws, id) })),
      reader: deployedTemplateReader(client),
      where,
      record,
      infraDir,
    });
  } finally {
    client.destroy();
  }
}

async function chooseSource(flag: unknown,
  client: ReturnType<typeof cloudFormationClient>): Promise<BaselineSource> {
  if (flag !== undefined) {
    if (typeof flag === "string" && (baselineSources as readonly string[]).includes(flag)) {
      return flag as BaselineSource;
    }
    throw new UsageError(`flag '--against' must be deployed or record, not '${String(flag)}'`);
  }
  try {
    await client.config.credentials();
    return "deployed";
  } catch {
    return "record";
  }
}
