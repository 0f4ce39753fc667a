/**
 * The deployed stacks as a baseline: each Dazzle stack's template as CloudFormation holds it in
 * the project's account and region (read through `DeployedTemplateReader`, aws/). A stack that
 * does not exist is new. What cannot be read — a stack, a template that is not JSON, or the
 * record beside it — is a problem of the baseline (blocking), and so is a missing record while
 * stacks are deployed: `deploy generate` would then have nothing to protect them with.
 */
import type { Baseline, BaselineProblem, RecordRead } from "./baseline.ts";
import { untrustedRecordHint, versionFileName } from "./store.ts";

export interface DeployedTemplateReader {
  /** The template body; `undefined` when no such stack exists. Throws on anything else. */
  readonly templateOf: (stackName: string) => Promise<string | undefined>;
}

export interface DeployedStackName {
  readonly id: string;
  readonly stackName: string;
}

export async function deployedBaseline(options: {
  /** Every stack Dazzle could have deployed for this project (planned now or not). */
  readonly stacks: readonly DeployedStackName[];
  readonly reader: DeployedTemplateReader;
  /** "eu-west-2 (account 111111111111)": where the stacks were looked for. */
  readonly where: string;
  readonly record: RecordRead;
  readonly infraDir: string;
}): Promise<Baseline> {
  const templates = new Map<string, unknown>();
  const problems: BaselineProblem[] = [];
  const found: string[] = [];
  // One problem per cause: without credentials every stack fails alike.
  const unreadable = new Map<string, string[]>();
  const answers = await Promise.all(options.stacks.map(async (stack) => {
    try {
      return { stack, body: await options.reader.templateOf(stack.stackName) };
    } catch (error) {
      return { stack, error: error instanceof Error ? error.message : String(error) };
    }
  }));
  for (const answer of answers) {
    const subject = `CloudFormation stack ${answer.stack.stackName} in ${options.where}`;
    if ("error" in answer && answer.error !== undefined) {
      unreadable.set(answer.error, [...unreadable.get(answer.error) ?? [], answer.stack.stackName]);
      continue;
    }
    if (answer.body === undefined) continue;
    try {
      templates.set(answer.stack.id, JSON.parse(answer.body) as unknown);
      found.push(answer.stack.stackName);
    } catch {
      problems.push({ subject, message: `the template of ${subject} is not JSON (deployed by ` +
        "something other than the CDK?)" });
    }
  }
  for (const [error, stackNames] of unreadable) {
    const subject = `CloudFormation stack${stackNames.length === 1 ? "" : "s"} ` +
      `${stackNames.join(", ")} in ${options.where}`;
    problems.push({ subject, message: `cannot read ${subject}: ${error}`,
      hint: "check the AWS credentials and region (AWS_PROFILE, AWS_REGION, " +
        "AWS_ENDPOINT_URL), or compare with the record: --against record" });
  }
  if (options.record.problem) problems.push(options.record.problem);
  else if (options.record.recorded === undefined && found.length > 0) {
    problems.push({ subject: `${options.infraDir}/${versionFileName}`,
      message: `${found.join(", ")} ${found.length === 1 ? "is" : "are"} deployed, but ` +
        `${options.infraDir} holds no record of a generation (${versionFileName})`,
      hint: untrustedRecordHint });
  }
  const record = options.record.recorded?.version;
  return {
    source: "deployed",
    description: `the deployed stacks in ${options.where} (${found.length} of ` +
      `${options.stacks.length} exist${unreadableCount(unreadable)})`,
    templates,
    ...(record?.deployment ? { recordedIdentity: record.deployment } : {}),
    problems,
  };
}

function unreadableCount(unreadable: ReadonlyMap<string, readonly string[]>): string {
  const count = [...unreadable.values()].reduce((sum, names) => sum + names.length, 0);
  return count === 0 ? "" : `, ${count} could not be read`;
}
