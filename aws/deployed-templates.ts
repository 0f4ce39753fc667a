/**
 * The templates of deployed stacks, for `deploy diff --against deployed` and preflight's change
 * checks: CloudFormation GetTemplate (the template as submitted, `Original` stage) per stack.
 * A stack that does not exist is `undefined` (a new stack); any other failure throws, and the
 * caller turns it into a blocking finding — never into "nothing deployed".
 */
import { GetTemplateCommand, type CloudFormationClient } from "@aws-sdk/client-cloudformation";
import type { DeployedTemplateReader } from "../versioning/index.ts";
import { awsErrorText } from "./clients.ts";

export function deployedTemplateReader(client: CloudFormationClient): DeployedTemplateReader {
  return {
    async templateOf(stackName) {
      try {
        const answer = await client.send(
          new GetTemplateCommand({ StackName: stackName, TemplateStage: "Original" }),
        );
        return answer.TemplateBody ?? "";
      } catch (error) {
        if (isMissingStack(error, stackName)) return undefined;
        throw new Error(awsErrorText(error));
      }
    },
  };
}

/** A missing stack: a ValidationError "Stack with id X does not exist". */
function isMissingStack(error: unknown, stackName: string): boolean {
  if (!(error instanceof Error) || error.name !== "ValidationError") return false;
  return error.message.includes("does not exist") && error.message.includes(stackName);
}
