/**
 * The node bootstrap as deployed: the user-data taken from the synthesized template is valid
 * bash (bash -n, shellcheck), starts the agent with this replica's values, and — run in a
 * sandbox with fake curl/systemctl and local artifacts — installs checksum-verified binaries,
 * refuses a tampered one, and is harmless when run again. Also: spec mistakes fail clearly.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync,
  writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { archiveFileName, archiveFolderName, checksumsFileName,
  versionedUrl } from "../../ship/release-layout.ts";
import { artifactLocations, renderUserData,
  type NodeBootstrapSettings } from "../../stacks/tigerbeetle/node-bootstrap.ts";
import { TigerBeetleStack } from "../../stacks/tigerbeetle/tigerbeetle-stack.ts";
import { clusterSpec, fixtureEnv, networkFixture,
  tigerBeetleFixture } from "./tigerbeetle-fixture.ts";

process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.CDK_VALIDATION = "false";

type Json = Record<string, any>;
let userDataByReplica: { script: string; groupLogicalId: string }[];
let resources: Json;

beforeAll(() => {
  const template = Template.fromStack(tigerBeetleFixture(clusterSpec(3)).stack).toJSON() as Json;
  resources = template.Resources as Json;
  userDataByReplica = [0, 1, 2].map((replica) => {
    const [launchTemplateId] = Object.keys(resources)
      .filter((id) =>
        id.startsWith(`Replica${replica}LaunchTemplate`) &&
        resources[id].Type === "AWS::EC2::LaunchTemplate"
      );
    const [groupLogicalId] = Object.keys(resources)
      .filter((id) =>
        id.startsWith(`Replica${replica}Group`) &&
        resources[id].Type === "AWS::AutoScaling::AutoScalingGroup"
      );
    const userData = resources[launchTemplateId!].Properties.LaunchTemplateData.UserData;
    // Everything is literal for a stack with a concrete env: no Fn::Join to resolve.
    expect(typeof userData["Fn::Base64"]).toBe("string");
    return { script: userData["Fn::Base64"] as string, groupLogicalId: groupLogicalId! };
  });
});

/** The agent's flags from the unit's single `ExecStart=` line. */
function agentFlags(script: string): Record<string, string> {
  const lines = script.split("\n").filter((line) => line.startsWith("ExecStart="));
  expect(lines).toHaveLength(1);
  const words = lines[0]!.slice("ExecStart=".length).split(" ");
  expect(words.slice(0, 2)).toEqual(["/usr/local/bin/dazzle", "agent"]);
  const flags: Record<string, string> = {};
  for (let position = 2; position < words.length; position += 2) {
    flags[words[position]!.replace(/^--/, "")] = words[position + 1]!;
  }
  return flags;
}

describe("user-data from the synthesized template", () => {
  test("is valid bash and shellcheck-clean for every replica", () => {
    for (const { script } of userDataByReplica) {
      expect(spawnSync("bash", ["-n"], { input: script }).status).toBe(0);
      const lint = spawnSync("shellcheck", ["-s", "bash", "-"], { input: script,
        encoding: "utf8" });
      expect(lint.stdout).toBe("");
      expect(lint.status).toBe(0);
    }
  });

  test("runs the agent with this replica's index, SSM prefix and its group's signal target", () => {
    userDataByReplica.forEach(({ script, groupLogicalId }, replica) => {
      expect(agentFlags(script)).toEqual({
        app: "shop",
        environment: "prod",
        region: "eu-west-1",
        replica: String(replica),
        "ssm-prefix": "/shop/prod/tigerbeetle",
        "tigerbeetle-bin": "/usr/local/bin/tigerbeetle",
        "data-dir": "/var/lib/tigerbeetle",
        "signal-stack": "shop-prod-TigerBeetle",
        "signal-resource": groupLogicalId,
        "metrics-namespace": "Dazzle/shop",
        "log-group": "/shop/prod/tigerbeetle",
      });
    });
  });

  test("ships logs to the stack's log group, which the node role may write to", () => {
    const groups = Object.entries(resources)
      .filter(([, resource]) => resource.Type === "AWS::Logs::LogGroup");
    expect(groups.map(([, group]) => group.Properties.LogGroupName))
      .toEqual([agentFlags(userDataByReplica[0]!.script)["log-group"]]);
    const [groupId] = groups[0]!;
    const statements = Object.values(resources)
      .filter((resource) => resource.Type === "AWS::IAM::Policy")
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[]);
    const writes = statements.filter((statement) =>
      JSON.stringify(statement.Resource) === JSON.stringify({ "Fn::GetAtt": [groupId, "Arn"] })
    );
    // One grant per replica's role.
    expect(writes).toHaveLength(3);
    for (const statement of writes) {
      expect(statement.Effect).toBe("Allow");
      expect([statement.Action].flat().sort())
        .toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
    }
  });

  test("the agent unit keeps CAP_IPC_LOCK, unlimited memlock and a read-only system", () => {
    const unit = userDataByReplica[0]!.script;
    for (const line of ["AmbientCapabilities=CAP_IPC_LOCK", "LimitMEMLOCK=infinity",
      "Restart=always", "NoNewPrivileges=yes", "ProtectSystem=strict",
      "ReadWritePaths=/var/lib/tigerbeetle"]) {
      expect(unit.split("\n")).toContain(line);
    }
  });
});

/** A sandbox: the script's absolute paths moved under `root`, fake curl/systemctl on PATH. */
function sandbox(options: { readonly tamperDazzle: boolean; readonly mirrorHasXz: boolean }) {
  const root = mkdtempSync(join(tmpdir(), "dazzle-bootstrap-"));
  const release = join(root, "release");
  const bin = join(root, "fake-bin");
  for (const folder of [bin, join(release, "stage"), join(root, "usr/local/bin"),
    join(root, "etc/systemd/system")]) mkdirSync(folder, { recursive: true });
  const settings: NodeBootstrapSettings = {
    app: "shop",
    environment: "prod",
    region: "eu-west-1",
    replicaIndex: 1,
    ssmPrefix: "/shop/prod/tigerbeetle",
    metricsNamespace: "Dazzle/shop",
    logGroupName: "/shop/prod/tigerbeetle",
    signalStack: "shop-prod-TigerBeetle",
    signalResource: "Replica1GroupASG",
    dazzleVersion: "0.1.0",
    tigerbeetleVersion: "0.16.60",
    artifactBaseUrl: "https://releases.example.com/base",
    architecture: "x86_64",
  };
  const stage = join(release, "stage");
  // The release archive's layout (ship/release-layout.ts): `<folder>/dazzle`.
  const folder = archiveFolderName("0.1.0", "linux-x64");
  mkdirSync(join(stage, folder));
  writeFileSync(join(stage, folder, "dazzle"), "#!/bin/sh\necho dazzle 0.1.0\n", { mode: 0o755 });
  writeFileSync(join(stage, "tigerbeetle"), "#!/bin/sh\necho 0.16.60\n", { mode: 0o755 });
  const run = (command: string, args: string[]) =>
    expect(spawnSync(command, args, { cwd: stage }).status).toBe(0);
  const gz = archiveFileName("0.1.0", "linux-x64");
  const xz = archiveFileName("0.1.0", "linux-x64", "tar.xz");
  run("tar", ["-czf", join(release, gz), folder]);
  run("tar", ["-cJf", join(release, xz), folder]);
  run("zip", ["-q", join(release, "tigerbeetle-x86_64-linux.zip"), "tigerbeetle"]);
  const listed = [gz, ...(options.mirrorHasXz ? [xz] : []), "tigerbeetle-x86_64-linux.zip"];
  const sums = listed.map((file) =>
    `${
      spawnSync("sha256sum", [join(release, file)], { encoding: "utf8" }).stdout
        .split(" ")[0]
    }  ${file}`
  ).join("\n");
  writeFileSync(join(release, "SHA256SUMS"), `${sums}\n`);
  if (options.tamperDazzle) {
    for (const file of [gz, xz]) writeFileSync(join(release, file), "tampered");
  }
  // curl: serve `<url basename>` from the release folder; log every call.
  writeFileSync(join(bin, "curl"), `#!/bin/bash\nout=""; url=""\nwhile [ $# -gt 0 ]; do\n` +
    `case "$1" in --output) out="$2"; shift 2;; https://*) url="$1"; shift;; *) shift;; esac\n` +
    `done\necho "$url" >> ${root}/curl.log\ncp "${release}/$(basename "$url")" "$out"\n`);
  writeFileSync(join(bin, "systemctl"), `#!/bin/sh\necho "$*" >> ${root}/systemctl.log\n`);
  for (const tool of ["curl", "systemctl"]) chmodSync(join(bin, tool), 0o755);
  const script = renderUserData(settings).replace(/^readonly ([A-Z_]+)=\/(.*)$/gm,
    `readonly $1=${root}/$2`);
  const execute = () =>
    spawnSync("bash", ["-c", script], {
      encoding: "utf8",
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: root },
    });
  const read = (relative: string) =>
    existsSync(join(root, relative)) ? readFileSync(join(root, relative), "utf8") : "";
  return { root, execute, read };
}

describe("artifact locations", () => {
  test("dazzle comes from the release layout under <base>/dazzle, per architecture", () => {
    const platforms = [["x86_64", "linux-x64"], ["arm64", "linux-arm64"]] as const;
    for (const [architecture, platform] of platforms) {
      const locations = artifactLocations({ app: "shop", environment: "prod", region: "eu-west-1",
        replicaIndex: 0, ssmPrefix: "/shop/prod/tigerbeetle", metricsNamespace: "Dazzle/shop",
        logGroupName: "/shop/prod/tigerbeetle", signalStack: "s", signalResource: "r",
        dazzleVersion: "0.2.0", tigerbeetleVersion: "0.16.60",
        artifactBaseUrl: "s3://bucket/releases/", architecture });
      expect(locations.dazzle.url).toBe(
        versionedUrl("s3://bucket/releases/dazzle", "0.2.0", archiveFileName("0.2.0", platform)),
      );
      expect(locations.dazzle.checksumsUrl).toBe(
        versionedUrl("s3://bucket/releases/dazzle", "0.2.0", checksumsFileName),
      );
      expect(locations.tigerbeetle.url).toBe("s3://bucket/releases/tigerbeetle/0.16.60/" +
        `tigerbeetle-${architecture === "arm64" ? "aarch64" : "x86_64"}-linux.zip`);
    }
  });
});

describe("user-data run in a sandbox", () => {
  test("installs pinned, verified binaries and starts the agent; a re-run changes nothing", () => {
    const box = sandbox({ tamperDazzle: false, mirrorHasXz: true });
    const first = box.execute();
    expect(first.stderr).toContain("agent dazzle-agent.service started");
    expect(first.status).toBe(0);
    expect(box.read("usr/local/bin/dazzle")).toContain("dazzle 0.1.0");
    expect(box.read("usr/local/bin/tigerbeetle")).toContain("0.16.60");
    // This host has xz and the release lists the .tar.xz: the smaller archive is fetched.
    const base = "https://releases.example.com/base";
    expect(box.read("curl.log").trim().split("\n")).toEqual([
      `${base}/dazzle/0.1.0/SHA256SUMS`,
      `${base}/dazzle/0.1.0/SHA256SUMS`,
      `${base}/dazzle/0.1.0/dazzle-0.1.0-linux-x64.tar.xz`,
      `${base}/tigerbeetle/0.16.60/SHA256SUMS`,
      `${base}/tigerbeetle/0.16.60/tigerbeetle-x86_64-linux.zip`,
    ]);
    expect(box.read("systemctl.log")).toContain("restart dazzle-agent.service");
    const unit = box.read("etc/systemd/system/dazzle-agent.service");
    const second = box.execute();
    expect(second.status).toBe(0);
    expect(box.read("curl.log").trim().split("\n")).toHaveLength(5);
    expect(box.read("systemctl.log").trim().split("\n").at(-1)).toBe("start dazzle-agent.service");
    expect(box.read("etc/systemd/system/dazzle-agent.service")).toBe(unit);
    rmSync(box.root, { recursive: true, force: true });
  });

  test("a mirror without the .tar.xz: the .tar.gz is fetched and installed", () => {
    const box = sandbox({ tamperDazzle: false, mirrorHasXz: false });
    const result = box.execute();
    expect(result.status).toBe(0);
    expect(box.read("usr/local/bin/dazzle")).toContain("dazzle 0.1.0");
    const fetched = box.read("curl.log").trim().split("\n");
    expect(fetched.filter((url) => url.includes("/dazzle-0.1.0-")))
      .toEqual(["https://releases.example.com/base/dazzle/0.1.0/dazzle-0.1.0-linux-x64.tar.gz"]);
    rmSync(box.root, { recursive: true, force: true });
  });

  test("a tampered artifact stops the bootstrap before anything is installed or started", () => {
    const box = sandbox({ tamperDazzle: true, mirrorHasXz: true });
    const result = box.execute();
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("checksum mismatch for dazzle-0.1.0-linux-x64.tar.xz");
    expect(existsSync(join(box.root, "usr/local/bin/dazzle"))).toBe(false);
    expect(box.read("systemctl.log")).toBe("");
    rmSync(box.root, { recursive: true, force: true });
  });
});

describe("spec mistakes fail at synth with a clear message", () => {
  test("a replica whose planned subnet CIDR differs from the VPC's is refused", () => {
    const spec = clusterSpec(3);
    const wrong = { ...spec, replicas: spec.replicas.map((replica, index) =>
      index === 1 ?
        { ...replica, subnetCidr: "10.20.99.0/22", privateIp: "10.20.99.10",
          address: "10.20.99.10:3000" } :
        replica
    ) };
    const fixture = networkFixture();
    expect(() =>
      new TigerBeetleStack(fixture.app, "TigerBeetle", {
        env: fixtureEnv,
        spec: { ...wrong, addresses: wrong.replicas.map((r) => r.address)
          .join(",") },
        app: "shop",
        environment: "prod",
        vpc: fixture.vpc,
        clientSecurityGroup: fixture.clientSecurityGroup,
      })
    ).toThrow(new RegExp("replica 1: private subnet 1 has CIDR 10\\.20\\.8\\.0/22, " +
      "but the plan expects 10\\.20\\.99\\.0/22"));
  });

  test("every invalid field is reported at once", () => {
    const spec = clusterSpec(3, { replicaCount: 4, port: 70000, version: "latest",
      volume: { sizeGib: 10, iops: 12000, throughputMibps: 500, encrypted: true,
        removalPolicy: "retain" } });
    const fixture = networkFixture();
    let message = "";
    try {
      new TigerBeetleStack(fixture.app, "TigerBeetle", { env: fixtureEnv, spec, app: "shop",
        environment: "prod", vpc: fixture.vpc, clientSecurityGroup: fixture.clientSecurityGroup });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("replicaCount must be one of 1, 3, 5, 6, but 4 was provided");
    expect(message).toContain("port must be an integer between 1 and 65535, but 70000");
    expect(message).toContain("version must be a pinned x.y.z release, but \"latest\"");
    expect(message).toContain("volume.iops must be at most 500 per GiB (5000 for 10 GiB)");
  });
});
