/**
 * infra/lib/custom.ts is checked: five lines that open the TigerBeetle port to 0.0.0.0/0 are
 * invisible in the templates dazzle synthesizes itself, so without `--assembly` preflight and
 * diff refuse to check (naming the command to run), and with the assembly of a real
 * `npx cdk synth` of infra/ preflight finds TB_PUBLIC_ACCESS and diff shows the new rule.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess } from "../cli/fake-io.ts";

const repositoryRoot = join(import.meta.dir, "..", "..");
const env = { AWS_EC2_METADATA_DISABLED: "true", PATH: "" };
let workspace = "";
let project = "";
let infra = "";

const openPort = `import * as ec2 from "aws-cdk-lib/aws-ec2";
import type { DazzleStacks } from "./stacks/app.ts";

export function customize(stacks: DazzleStacks): void {
  stacks.tigerbeetle?.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(3000));
}
`;

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), "dazzle-assembly-"));
  project = join(workspace, "shop");
  cpSync(join(repositoryRoot, "example"), project, { recursive: true });
  infra = join(project, "infra");
  expect((await runInProcess(["deploy", "generate", "-p", project], { env })).exitCode).toBe(0);
  writeFileSync(join(infra, "lib", "custom.ts"), openPort);
  symlinkSync(join(repositoryRoot, "node_modules"), join(infra, "node_modules"), "dir");
  const synth = spawnSync(join(repositoryRoot, "node_modules", ".bin", "cdk"), ["synth", "--quiet"],
    { cwd: infra, encoding: "utf8", timeout: 240_000,
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: "1", CDK_DISABLE_CLI_TELEMETRY: "1",
        AWS_EC2_METADATA_DISABLED: "true" } });
  expect({ status: synth.status, output: synth.status === 0 ? "" : synth.stderr })
    .toEqual({ status: 0, output: "" });
}, 300_000);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe("custom.ts that opens the TigerBeetle port to the internet", () => {
  test("without --assembly, preflight and diff refuse (exit 2) and name the command", async () => {
    for (const command of ["preflight", "diff"]) {
      const run = await runInProcess(["deploy", command, "-p", project], { env });
      expect([command, run.exitCode, run.stdout]).toEqual([command, 2, ""]);
      expect(run.stderr).toContain(`lib/custom.ts changes the stacks, and dazzle does not run it`);
      expect(run.stderr).toContain(`dazzle deploy ${command} --assembly ${infra}/cdk.out`);
    }
  });

  test("preflight --assembly infra/cdk.out: TB_PUBLIC_ACCESS (critical), exit 1", async () => {
    const run = await runInProcess(["deploy", "preflight", "-p", project, "--assembly",
      join(infra, "cdk.out"), "--format", "json", "--skip-cfn-lint"], { env });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { stages: { name: string; detail?: string }[];
      findings: { ruleId: string; severity: string; message: string }[] };
    expect(report.stages.find((s) => s.name === "templates")?.detail)
      .toBe(`the assembly ${join(infra, "cdk.out")}`);
    const open = report.findings.filter((f) => f.ruleId === "TB_PUBLIC_ACCESS");
    expect(open.map((f) => f.severity)).toContain("critical");
    expect(open.some((f) => f.message.includes("0.0.0.0/0"))).toBe(true);
  });

  test("diff --assembly against the record shows the new ingress rule", async () => {
    const run = await runInProcess(["deploy", "diff", "-p", project, "--assembly",
      join(infra, "cdk.out"), "--against", "record", "--json"], { env });
    expect(run.exitCode).toBe(1);
    const diff = JSON.parse(run.stdout) as {
      stacks: { name: string; resources: { type: string; change: string }[] }[];
    };
    const tigerBeetle = diff.stacks.find((stack) => stack.name === "TigerBeetle");
    expect(tigerBeetle?.resources.map((r) => `${r.type} ${r.change}`))
      .toContain("AWS::EC2::SecurityGroup modified");
  });

  test("--assembly naming a folder that is not an assembly is an error, not a pass", async () => {
    const run = await runInProcess(["deploy", "preflight", "-p", project, "--assembly", project], {
      env,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`${project} is not a cloud assembly (no manifest.json)`);
  });

  test("--assembly naming a FIFO, /dev/zero or a file says it is not a folder", async () => {
    const fifo = join(workspace, "assembly-fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const zero = join(workspace, "assembly-zero");
    symlinkSync("/dev/zero", zero);
    const file = join(project, "dazzle.toml");
    for (const [command, exitCode] of [["preflight", 1], ["diff", 2]] as const) {
      for (const [path, kind] of [[fifo, "is a named pipe (FIFO), not a folder"], [zero,
        "is a character device (a symbolic link to /dev/zero), not a folder"], [file,
        "is a regular file, not a folder"]]) {
        const run = await runInProcess(["deploy", command, "-p", project, "--against", "record",
          "--assembly", path!], { env });
        expect({ command, exitCode: run.exitCode, stderr: run.stderr.split("\n")
          .find((line) => line.startsWith("error")) }).toEqual({ command, exitCode,
            stderr: `error[cli/unreadableAssembly]: ${path} ${kind}` });
      }
    }
  });
});
