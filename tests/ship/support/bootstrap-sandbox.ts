/**
 * The TigerBeetle node bootstrap (the real user-data) run in a sandbox whose mirror is a folder:
 * its absolute paths moved under a scratch root, and fake `curl` / `systemctl` first on PATH.
 * The fake curl serves `<base>/<key>` from `<mirror>/<key>`, so the node installs exactly the
 * files a test put there (e.g. what `deploy artifacts` uploaded).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync,
  writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderUserData,
  type NodeBootstrapSettings } from "../../../stacks/tigerbeetle/node-bootstrap.ts";

const sandboxMirrorBase = "https://mirror.example.com/base";

export function runBootstrapSandbox(
  mirror: string,
  versions: { readonly dazzle: string; readonly tigerbeetle: string },
  architecture: NodeBootstrapSettings["architecture"],
) {
  const root = mkdtempSync(join(tmpdir(), "dazzle-bootstrap-sandbox-"));
  const bin = join(root, "fake-bin");
  for (const folder of [bin, join(root, "usr/local/bin"), join(root, "etc/systemd/system")]) {
    mkdirSync(folder, { recursive: true });
  }
  writeFileSync(join(bin, "curl"), `#!/bin/bash\nout=""; url=""\nwhile [ $# -gt 0 ]; do\n` +
    `case "$1" in --output) out="$2"; shift 2;; https://*) url="$1"; shift;; *) shift;; esac\n` +
    `done\necho "$url" >> ${root}/curl.log\nkey="\${url#${sandboxMirrorBase}/}"\n` +
    `[ -f "${mirror}/$key" ] || exit 22\ncp "${mirror}/$key" "$out"\n`);
  writeFileSync(join(bin, "systemctl"), `#!/bin/sh\necho "$*" >> ${root}/systemctl.log\n`);
  for (const tool of ["curl", "systemctl"]) chmodSync(join(bin, tool), 0o755);
  const settings: NodeBootstrapSettings = {
    app: "shop",
    environment: "prod",
    region: "eu-west-1",
    replicaIndex: 0,
    ssmPrefix: "/shop/prod/tigerbeetle",
    metricsNamespace: "Dazzle/shop",
    logGroupName: "/shop/prod/tigerbeetle",
    signalStack: "shop-prod-TigerBeetle",
    signalResource: "Replica0GroupASG",
    dazzleVersion: versions.dazzle,
    tigerbeetleVersion: versions.tigerbeetle,
    artifactBaseUrl: sandboxMirrorBase,
    architecture,
  };
  const script = renderUserData(settings).replace(/^readonly ([A-Z_]+)=\/(.*)$/gm,
    `readonly $1=${root}/$2`);
  const result = spawnSync("bash", ["-c", script], {
    encoding: "utf8",
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: root },
  });
  const read = (relative: string) =>
    existsSync(join(root, relative)) ? readFileSync(join(root, relative), "utf8") : "";
  return { root, status: result.status, stderr: result.stderr, read };
}
