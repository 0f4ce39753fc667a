/** The agent's SSM port over AWS JSON 1.1 (see aws-http.ts for why not the SDK client). */
import { assert } from "../agent/assert.ts";
import { ssmPagesMax } from "../agent/constants.ts";
import type { SsmParameter, SsmPort } from "../agent/ports.ts";
import { type AwsHttpClient, awsErrorName } from "./aws-http.ts";

interface ParametersAnswer {
  readonly Parameters?: readonly { readonly Name?: string; readonly Value?: string }[];
  readonly NextToken?: string;
}

export function createSsmPort(client: AwsHttpClient): SsmPort {
  return {
    async listByPath(path) {
      const parameters: SsmParameter[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < ssmPagesMax; page++) {
        const answer = await client.json("AmazonSSM.GetParametersByPath", {
          Path: path, Recursive: true, MaxResults: 10,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }) as ParametersAnswer;
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
        const answer = await client.json("AmazonSSM.GetParameter", { Name: name }) as
          { readonly Parameter?: { readonly Value?: string } };
        return answer.Parameter?.Value;
      } catch (error) {
        if (awsErrorName(error) === "ParameterNotFound") return undefined;
        throw error;
      }
    },
    async putIfAbsent(name, value) {
      try {
        await client.json("AmazonSSM.PutParameter", {
          Name: name, Value: value, Type: "String", Overwrite: false });
        return "created";
      } catch (error) {
        if (awsErrorName(error) === "ParameterAlreadyExists") return "exists";
        throw error;
      }
    },
    async put(name, value) {
      await client.json("AmazonSSM.PutParameter", {
        Name: name, Value: value, Type: "String", Overwrite: true });
    },
    async remove(name) {
      try {
        await client.json("AmazonSSM.DeleteParameter", { Name: name });
      } catch (error) {
        if (awsErrorName(error) !== "ParameterNotFound") throw error;
      }
    },
  };
}
