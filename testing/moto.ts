/**
 * The local AWS emulator: the pinned moto server on 127.0.0.1 and a random free port.
 * It serves SSM, EC2, CloudWatch and more; nothing leaves loopback.
 */
import { existsSync } from "node:fs";
import { toolPaths } from "../scripts/tools.ts";
import { freePort, startProcess, waitFor } from "./processes.ts";

export interface Emulator {
  /** e.g. http://127.0.0.1:41234 */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** moto, plus a synchronous kill for `process.on("exit")` handlers, which cannot await. */
export interface MotoServer extends Emulator {
  killNow(): void;
}

const motoStartTimeoutMs = 30_000;

/** Why moto cannot run here, or undefined when it is installed: tests skip with this reason. */
export function motoMissingReason(): string | undefined {
  return existsSync(toolPaths.motoServer())
    ? undefined
    : "moto server not installed (bun scripts/install-test-tools.ts)";
}

export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const server = startProcess(toolPaths.motoServer(), ["-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true", AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing", AWS_DEFAULT_REGION: "us-east-1" },
    echoPrefix: "moto: ",
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitFor("moto to answer", motoStartTimeoutMs, async () => {
      const response = await fetch(`${endpoint}/moto-api/`);
      return response.ok ? true : undefined;
    }, 100);
  } catch (error) {
    server.killGroup("SIGKILL");
    throw new Error(`${(error as Error).message}\n${server.lines.slice(-10).join("\n")}`);
  }
  return {
    endpoint,
    killNow: () => server.killGroup("SIGKILL"),
    async stop() {
      // moto keeps no state worth a graceful stop.
      server.killGroup("SIGKILL");
      await Promise.race([server.exited, Bun.sleep(3_000)]);
    },
  };
}

/** Environment for SDK clients in tests: fake credentials, no real metadata, no real AWS. */
export function fakeAwsEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: endpoint,
  };
}
