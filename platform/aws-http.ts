/**
 * The agent's AWS transport: signed HTTPS POSTs with fetch, explicit region, bounded attempts
 * with jittered backoff (throttling, server errors, network errors), a per-request timeout.
 * The agent makes a dozen kinds of calls; the SDK clients would cost it ~35 MB of its 60 MB
 * memory budget and about a second of startup per node, so it speaks the two wire protocols
 * it needs itself: AWS JSON 1.1 (SSM) and Query (EC2, CloudWatch, CloudFormation).
 */
import { jitteredBackoffMs } from "../agent/backoff.ts";
import { awsMaxAttempts, awsRequestTimeoutMs } from "../agent/constants.ts";
import type { CredentialsProvider } from "./credentials.ts";
import { signPost } from "./sigv4.ts";
import { find, parseXml, type XmlElement } from "./xml.ts";

export interface AwsOptions {
  readonly region: string;
  /** e.g. http://127.0.0.1:5000 for a local emulator (AWS_ENDPOINT_URL); else AWS. */
  readonly endpoint: string | undefined;
}

/** An AWS error answer; `name` is AWS's error code (ParameterNotFound, VolumeInUse, ...). */
export class AwsError extends Error {
  constructor(code: string, message: string, readonly status: number) {
    super(`${code}: ${message}`);
    this.name = code;
  }
}

const retriedCodes = new Set(["ThrottlingException", "Throttling", "RequestLimitExceeded",
  "TooManyRequestsException", "InternalError", "InternalServerError", "ServiceUnavailable",
  "Unavailable", "RequestTimeout"]);

export interface AwsHttpClient {
  /** AWS JSON 1.1: `target` is e.g. "AmazonSSM.GetParameter". */
  json(target: string, input: unknown): Promise<unknown>;
  /** Query protocol: form parameters, XML answer. */
  query(action: string, version: string, parameters: Record<string, string>):
    Promise<XmlElement>;
}

/** Per client: calls whose caller retries anyway (log shipping) want one short attempt. */
export interface AwsCallLimits {
  readonly attempts: number;
  readonly timeoutMs: number;
}

const defaultLimits: AwsCallLimits = { attempts: awsMaxAttempts, timeoutMs: awsRequestTimeoutMs };

export function createAwsHttpClient(options: AwsOptions, service: string,
  credentials: CredentialsProvider, limits: AwsCallLimits = defaultLimits): AwsHttpClient {
  const url = new URL(options.endpoint ?? `https://${service}.${options.region}.amazonaws.com/`);
  const scope = { service, region: options.region };
  async function post(body: string, headers: Record<string, string>,
    parse: (status: number, text: string) => unknown): Promise<unknown> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= limits.attempts; attempt++) {
      try {
        const signed = signPost(url, body, headers, scope, await credentials(), new Date());
        const response = await fetch(url, { method: "POST", body, headers: signed,
          signal: AbortSignal.timeout(limits.timeoutMs) });
        return parse(response.status, await response.text());
      } catch (error) {
        lastError = error;
        const retried = !(error instanceof AwsError) || retriedCodes.has(error.name) ||
          error.status >= 500;
        if (!retried || attempt >= limits.attempts) throw error;
        await Bun.sleep(jitteredBackoffMs(attempt, 100, 2_000, Math.random()));
      }
    }
    throw lastError;
  }
  return {
    json: (target, input) => post(JSON.stringify(input), {
      "content-type": "application/x-amz-json-1.1", "x-amz-target": target,
    }, parseJsonAnswer),
    query: async (action, version, parameters) => await post(
      new URLSearchParams({ Action: action, Version: version, ...parameters }).toString(),
      { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      parseQueryAnswer) as XmlElement,
  };
}

function parseJsonAnswer(status: number, text: string): unknown {
  const body = text.trim() === "" ? {} : JSON.parse(text) as Record<string, unknown>;
  if (status >= 200 && status < 300) return body;
  // "__type" is "ParameterNotFound" or "com.amazonaws.ssm#ParameterNotFound".
  const type = String(body.__type ?? `Http${status}`);
  const code = type.slice(type.lastIndexOf("#") + 1).split(":")[0]!;
  throw new AwsError(code, String(body.message ?? body.Message ?? code), status);
}

function parseQueryAnswer(status: number, text: string): XmlElement {
  const document = parseXml(text);
  if (status >= 200 && status < 300) return document;
  const error = find(document, "Error");
  const code = find(error ?? document, "Code")?.text.trim() || `Http${status}`;
  throw new AwsError(code, find(error ?? document, "Message")?.text.trim() || code, status);
}

/** The AWS error code of a thrown value, or "" for anything else. */
export function awsErrorName(error: unknown): string {
  return error instanceof AwsError ? error.name : "";
}
