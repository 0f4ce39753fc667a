/**
 * AWS Signature Version 4 for a POST request, with node:crypto only. Checked against the SDK's
 * own signer (@smithy/signature-v4) in tests/agent/platform.test.ts.
 */
import { createHash, createHmac } from "node:crypto";

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * Headers to send (authorization, x-amz-date, the given ones, the session token). `headers`
 * must use lower-case names; all of them, plus host, are signed.
 */
export function signPost(url: URL, body: string, headers: Readonly<Record<string, string>>,
  scope: { readonly service: string; readonly region: string }, credentials: Credentials,
  now: Date): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const dateStamp = amzDate.slice(0, 8);
  const signed: Record<string, string> = { ...headers, host: url.host, "x-amz-date": amzDate };
  if (credentials.sessionToken) signed["x-amz-security-token"] = credentials.sessionToken;
  const names = Object.keys(signed).sort();
  const canonicalHeaders = names.map((name) => `${name}:${signed[name]!.trim()}\n`).join("");
  const signedHeaders = names.join(";");
  const canonicalRequest = ["POST", url.pathname || "/", "", canonicalHeaders, signedHeaders,
    sha256Hex(body)].join("\n");
  const credentialScope = `${dateStamp}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, credentialScope,
    sha256Hex(canonicalRequest)].join("\n");
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, dateStamp);
  for (const part of [scope.region, scope.service, "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  const { host: _host, ...sent } = signed;
  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, ` +
      `SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}
