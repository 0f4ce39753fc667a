/**
 * One simulated node's instance metadata: AWS's amazon-ec2-metadata-mock (pinned), IMDSv2 only,
 * on 127.0.0.1 and a free port, answering with the identity the test chose.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toolPaths } from "../scripts/tools.ts";
import type { Emulator } from "./moto.ts";
import { freePort, startProcess, tcpReachable, waitFor } from "./processes.ts";

export interface NodeIdentity {
  readonly instanceId: string;
  readonly privateIp: string;
  readonly availabilityZone: string;
  readonly region: string;
}

const metadataStartTimeoutMs = 10_000;

export async function startMetadataEmulator(identity: NodeIdentity): Promise<Emulator> {
  const home = await mkdtemp(join(tmpdir(), "dazzle-imds-"));
  const config = join(home, "aemm-config.json");
  await writeFile(config, JSON.stringify({
    metadata: { values: {
      "instance-id": identity.instanceId,
      "local-ipv4": identity.privateIp,
      "placement-availability-zone": identity.availabilityZone,
      "placement-region": identity.region,
    } },
  }));
  const port = await freePort();
  const server = startProcess(toolPaths.ec2MetadataMock(), ["-n", "127.0.0.1", "-p", String(port),
    "-c", config, "-I"], { env: { PATH: process.env.PATH, HOME: home }, cwd: home,
    echoPrefix: "imds: " });
  await waitFor("the metadata emulator to listen", metadataStartTimeoutMs,
    async () => (await tcpReachable("127.0.0.1", port)) ? true : undefined, 50);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      server.killGroup("SIGKILL");
      await Promise.race([server.exited, Bun.sleep(2_000)]);
      await rm(home, { recursive: true, force: true });
    },
  };
}
