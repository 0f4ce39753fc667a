/**
 * A thin HTTP proxy in front of moto that adds the AWS behaviours the tests rely on and moto
 * 5.2.5 does not model (verified: moto silently moves an attached volume to a second instance):
 * - the fence: AttachVolume of a volume attached to another instance fails with VolumeInUse,
 *   AttachNetworkInterface of an attached interface with InvalidNetworkInterface.InUse;
 * - CloudFormation SignalResource (not implemented by moto) is recorded and acknowledged;
 * - optional SSM throttling: every Nth SSM call answers ThrottlingException (HTTP 400).
 * Everything else is forwarded unchanged. Listens on 127.0.0.1 only.
 */
import type { Emulator } from "./moto.ts";

export interface StackSignal {
  readonly stackName: string;
  readonly logicalId: string;
  readonly uniqueId: string;
  readonly status: string;
}

export interface AwsProxy extends Emulator {
  readonly signals: StackSignal[];
  /** Throttle every Nth SSM request (0 turns throttling off). */
  throttleSsm(everyNth: number): void;
  throttledCount(): number;
  fencedCount(): number;
}

export async function startAwsProxy(upstream: string): Promise<AwsProxy> {
  const signals: StackSignal[] = [];
  let ssmEveryNth = 0;
  let ssmCount = 0;
  let throttled = 0;
  let fenced = 0;
  let attachQueue: Promise<unknown> = Promise.resolve();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const body = await request.text();
      const target = request.headers.get("x-amz-target") ?? "";
      if (target.startsWith("AmazonSSM.") && ssmEveryNth > 0) {
        ssmCount += 1;
        if (ssmCount % ssmEveryNth === 0) {
          throttled += 1;
          return Response.json({ __type: "ThrottlingException", message: "Rate exceeded" }, {
            status: 400,
            headers: { "content-type": "application/x-amz-json-1.1" },
          });
        }
      }
      const form = new URLSearchParams(body);
      const action = form.get("Action");
      if (action === "SignalResource") {
        signals.push({ stackName: form.get("StackName") ?? "", status: form.get("Status") ?? "",
          logicalId: form.get("LogicalResourceId") ?? "", uniqueId: form.get("UniqueId") ?? "" });
        return xml(200, "<SignalResourceResponse xmlns=\"http://cloudformation.amazonaws.com/" +
          "doc/2010-05-15/\"><ResponseMetadata><RequestId>proxy</RequestId>" +
          "</ResponseMetadata></SignalResourceResponse>");
      }
      if (action === "AttachVolume" || action === "AttachNetworkInterface") {
        // One attach at a time, so check-then-attach is atomic like EC2's own.
        const result = attachQueue.then(() => fencedAttach(upstream, request, body, form));
        attachQueue = result.catch(() => undefined);
        const response = await result;
        if (response.status === 400) fenced += 1;
        return response;
      }
      return forward(upstream, request, body);
    },
  });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    signals,
    throttleSsm(everyNth) {
      ssmEveryNth = everyNth;
    },
    throttledCount: () => throttled,
    fencedCount: () => fenced,
    async stop() {
      await server.stop(true);
    },
  };
}

async function fencedAttach(upstream: string, request: Request, body: string,
  form: URLSearchParams): Promise<Response> {
  const volume = form.get("Action") === "AttachVolume";
  const id = volume ? form.get("VolumeId") : form.get("NetworkInterfaceId");
  const instanceId = form.get("InstanceId");
  const describe = new URLSearchParams(volume
    ? { Action: "DescribeVolumes", Version: "2016-11-15", "VolumeId.1": id ?? "" }
    : { Action: "DescribeNetworkInterfaces", Version: "2016-11-15",
      "NetworkInterfaceId.1": id ?? "" });
  const described = await forward(upstream, request, describe.toString());
  const text = await described.text();
  const holders = [...text.matchAll(/<instanceId>(i-[0-9a-f]+)<\/instanceId>/g)]
    .map((match) => match[1]!);
  const other = holders.find((holder) => holder !== instanceId);
  if (other !== undefined) {
    const code = volume ? "VolumeInUse" : "InvalidNetworkInterface.InUse";
    return xml(400, `<Response><Errors><Error><Code>${code}</Code><Message>${id} is already ` +
      `attached to an instance</Message></Error></Errors><RequestID>proxy</RequestID></Response>`);
  }
  return forward(upstream, request, body);
}

async function forward(upstream: string, request: Request, body: string): Promise<Response> {
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  headers.delete("host");
  headers.delete("content-length");
  const response = await fetch(`${upstream}${url.pathname}${url.search}`, {
    method: request.method,
    headers,
    body: request.method === "GET" ? undefined : body,
  });
  const out = new Headers(response.headers);
  out.delete("content-encoding");
  out.delete("content-length");
  out.delete("transfer-encoding");
  return new Response(await response.arrayBuffer(), { status: response.status, headers: out });
}

function xml(status: number, text: string): Response {
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${text}`, { status,
    headers: { "content-type": "text/xml" } });
}
