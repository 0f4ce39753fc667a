/** The agent's SSM port on the SDK client. */
import type { SSMClient } from "@aws-sdk/client-ssm";
import {
  DeleteParameterCommand,
} from "@aws-sdk/client-ssm/dist-es/commands/DeleteParameterCommand.js";
import { GetParameterCommand } from "@aws-sdk/client-ssm/dist-es/commands/GetParameterCommand.js";
import {
  GetParametersByPathCommand,
} from "@aws-sdk/client-ssm/dist-es/commands/GetParametersByPathCommand.js";
import { PutParameterCommand } from "@aws-sdk/client-ssm/dist-es/commands/PutParameterCommand.js";
import { assert } from "../agent/assert.ts";
import { ssmPagesMax } from "../agent/constants.ts";
import type { SsmParameter, SsmPort } from "../agent/ports.ts";
import { awsErrorName } from "./aws-clients.ts";

export function createSsmPort(client: SSMClient): SsmPort {
  return {
    async listByPath(path) {
      const parameters: SsmParameter[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < ssmPagesMax; page++) {
        const answer = await client.send(new GetParametersByPathCommand({
          Path: path,
          Recursive: true,
          MaxResults: 10,
          NextToken: nextToken,
        }));
        for (const parameter of answer.Parameters ?? []) {
          if (parameter.Name !== undefined && parameter.Value !== undefined) {
            parameters.push({ name: parameter.Name, value: parameter.Value });
          }
        }
        nextToken = answer.NextToken || undefined;
        if (nextToken === undefined) return parameters;
      }
      assert(false, `SSM: more than ${ssmPagesMax} pages below ${path}`);
      return parameters;
    },
    async get(name) {
      try {
        return (await client.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
      } catch (error) {
        if (awsErrorName(error) === "ParameterNotFound") return undefined;
        throw error;
      }
    },
    async putIfAbsent(name, value) {
      try {
        await client.send(
          new PutParameterCommand({ Name: name, Value: value, Type: "String", Overwrite: false }),
        );
        return "created";
      } catch (error) {
        if (awsErrorName(error) === "ParameterAlreadyExists") return "exists";
        throw error;
      }
    },
    async put(name, value) {
      await client.send(
        new PutParameterCommand({ Name: name, Value: value, Type: "String", Overwrite: true }),
      );
    },
    async remove(name) {
      try {
        await client.send(new DeleteParameterCommand({ Name: name }));
      } catch (error) {
        if (awsErrorName(error) !== "ParameterNotFound") throw error;
      }
    },
  };
}
