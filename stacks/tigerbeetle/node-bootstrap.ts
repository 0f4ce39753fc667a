/**
 * What runs on a TigerBeetle node at boot, as pure functions of plain values: the agent's
 * command line, its hardened systemd unit, where the pinned artifacts come from, and the
 * user-data script that ties them together. No CDK here, so tests (and the end-to-end
 * rehearsal) can render and run exactly what the stack deploys.
 *
 * The agent invocation is ONE line in the unit (`ExecStart=`) and, identically, in the env file
 * `/etc/dazzle/agent.env` as `DAZZLE_AGENT_ARGS=...`, so it is easy to extract and parse.
 */
import { dataMountPoint } from "../../ir/tigerbeetle-node.ts";

/** Where the binaries are installed on the node (the agent's defaults). */
export const nodePaths = {
  dazzleBin: "/usr/local/bin/dazzle",
  tigerbeetleBin: "/usr/local/bin/tigerbeetle",
  dataDir: dataMountPoint,
  configDir: "/etc/dazzle",
  envFile: "/etc/dazzle/agent.env",
  unitName: "dazzle-agent.service",
  unitFile: "/etc/systemd/system/dazzle-agent.service",
  downloadDir: "/var/cache/dazzle-bootstrap",
} as const;

/** Everything the bootstrap of one replica needs; all plain strings/numbers (or CDK tokens). */
export interface NodeBootstrapSettings {
  readonly app: string;
  readonly environment: string;
  readonly region: string;
  readonly replicaIndex: number;
  readonly ssmPrefix: string;
  readonly metricsNamespace: string;
  /** The cluster's CloudWatch log group: the agent ships its lines and TigerBeetle's there. */
  readonly logGroupName: string;
  /** CloudFormation stack and ASG logical id the agent signals when its replica runs. */
  readonly signalStack: string;
  readonly signalResource: string;
  readonly dazzleVersion: string;
  readonly tigerbeetleVersion: string;
  /** `https://...` or `s3://...`, no trailing slash needed. */
  readonly artifactBaseUrl: string;
  readonly architecture: "x86_64" | "arm64";
}

/** One downloadable artifact and the checksum file next to it. */
export interface ArtifactLocation {
  readonly url: string;
  readonly fileName: string;
  readonly checksumsUrl: string;
}

/**
 * Artifact layout below the base URL (the release script publishes the same layout):
 * `dazzle/<v>/dazzle-<v>-linux-<x64|arm64>.tar.gz` and
 * `tigerbeetle/<v>/tigerbeetle-<x86_64|aarch64>-linux.zip` (TigerBeetle's own asset names),
 * each folder with a `SHA256SUMS` file (`sha256sum` format).
 */
export function artifactLocations(settings: NodeBootstrapSettings): {
  /** The `.tar.gz` every host unpacks, and beside it the smaller `.tar.xz` (`xzFileName`). */
  readonly dazzle: ArtifactLocation & { readonly xzUrl: string; readonly xzFileName: string };
  readonly tigerbeetle: ArtifactLocation;
} {
  const base = settings.artifactBaseUrl.replace(/\/+$/, "");
  const dazzleArch = settings.architecture === "arm64" ? "arm64" : "x64";
  const tigerbeetleArch = settings.architecture === "arm64" ? "aarch64" : "x86_64";
  const dazzleFolder = `${base}/dazzle/${settings.dazzleVersion}`;
  const tigerbeetleFolder = `${base}/tigerbeetle/${settings.tigerbeetleVersion}`;
  const dazzleArchive = `dazzle-${settings.dazzleVersion}-linux-${dazzleArch}`;
  const dazzleFile = `${dazzleArchive}.tar.gz`;
  const tigerbeetleFile = `tigerbeetle-${tigerbeetleArch}-linux.zip`;
  return {
    dazzle: {
      url: `${dazzleFolder}/${dazzleFile}`,
      fileName: dazzleFile,
      xzUrl: `${dazzleFolder}/${dazzleArchive}.tar.xz`,
      xzFileName: `${dazzleArchive}.tar.xz`,
      checksumsUrl: `${dazzleFolder}/SHA256SUMS`,
    },
    tigerbeetle: {
      url: `${tigerbeetleFolder}/${tigerbeetleFile}`,
      fileName: tigerbeetleFile,
      checksumsUrl: `${tigerbeetleFolder}/SHA256SUMS`,
    },
  };
}

/** The agent's arguments after `dazzle`, in the order of the agent's documented command line. */
function agentArguments(settings: NodeBootstrapSettings): readonly string[] {
  return [
    "agent",
    "--app",
    settings.app,
    "--environment",
    settings.environment,
    "--region",
    settings.region,
    "--replica",
    String(settings.replicaIndex),
    "--ssm-prefix",
    settings.ssmPrefix,
    "--tigerbeetle-bin",
    nodePaths.tigerbeetleBin,
    "--data-dir",
    nodePaths.dataDir,
    "--signal-stack",
    settings.signalStack,
    "--signal-resource",
    settings.signalResource,
    "--metrics-namespace",
    settings.metricsNamespace,
    "--log-group",
    settings.logGroupName,
  ];
}

/** The agent command line as one shell-safe line: `/usr/local/bin/dazzle agent --app ...`. */
function agentCommandLine(settings: NodeBootstrapSettings): string {
  return [nodePaths.dazzleBin, ...agentArguments(settings)].map(shellWord).join(" ");
}

/**
 * Quote a word for both bash and systemd's ExecStart= (both accept single quotes). Words made
 * only of safe characters stay bare, so the line reads naturally. CDK tokens (`${Token[...]}`)
 * are treated as safe: they resolve to region/stack names, which are safe characters.
 */
function shellWord(word: string): string {
  if (/^[A-Za-z0-9_./:=,@+-]+$/.test(word) || /^\$\{Token\[[A-Za-z0-9_.-]+\]\}$/.test(word)) {
    return word;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The agent's systemd unit. The agent runs as root because it attaches, formats (mkfs) and
 * mounts the data volume; systemd still fences it in: read-only OS, writable data dir only,
 * no privilege gain, a bounded capability set. TigerBeetle (a child of the agent) needs
 * CAP_IPC_LOCK and unlimited locked memory for its grid cache.
 */
function agentUnit(settings: NodeBootstrapSettings): string {
  return [
    "[Unit]",
    `Description=Dazzle TigerBeetle agent, replica ${settings.replicaIndex} of ` +
    `${settings.app}-${settings.environment}`,
    "Wants=network-online.target",
    "After=network-online.target",
    // Never give up restarting: the agent itself backs off between TigerBeetle restarts.
    "StartLimitIntervalSec=0",
    "",
    "[Service]",
    "Type=simple",
    `EnvironmentFile=${nodePaths.envFile}`,
    "Environment=AWS_EC2_METADATA_V1_DISABLED=true",
    `ExecStart=${agentCommandLine(settings)}`,
    "Restart=always",
    "RestartSec=5",
    "TimeoutStopSec=60",
    "KillMode=mixed",
    "AmbientCapabilities=CAP_IPC_LOCK",
    "CapabilityBoundingSet=CAP_IPC_LOCK CAP_SYS_ADMIN CAP_SYS_RESOURCE CAP_CHOWN " +
    "CAP_DAC_OVERRIDE CAP_FOWNER",
    "LimitMEMLOCK=infinity",
    "LimitNOFILE=65536",
    "NoNewPrivileges=yes",
    "ProtectSystem=strict",
    `ReadWritePaths=${nodePaths.dataDir}`,
    "ProtectHome=yes",
    "PrivateTmp=yes",
    "ProtectKernelTunables=yes",
    "ProtectKernelModules=yes",
    "ProtectControlGroups=yes",
    "ProtectClock=yes",
    "ProtectHostname=yes",
    "RestrictSUIDSGID=yes",
    "RestrictRealtime=yes",
    "LockPersonality=yes",
    "RestrictNamespaces=yes",
    "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
    "SystemCallArchitectures=native",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

/** `/etc/dazzle/agent.env`: the same invocation, for tools that prefer an env file. */
function agentEnvironmentFile(settings: NodeBootstrapSettings): string {
  return [
    "# Written by the node bootstrap (user-data). Regenerated on every boot; do not edit.",
    `DAZZLE_AGENT_REPLICA=${settings.replicaIndex}`,
    `AWS_REGION=${settings.region}`,
    `DAZZLE_AGENT_ARGS=${JSON.stringify(agentArguments(settings).join(" "))}`,
    "",
  ].join("\n");
}

/**
 * The user-data script (bash) for one replica: installs the pinned `dazzle` and `tigerbeetle`
 * (checksums verified, never "latest"), writes the agent's env file and systemd unit, and starts
 * the agent. Running it again is harmless: binaries already installed at the pinned version are
 * kept (their recorded SHA-256 is checked), and the agent is restarted only if its unit changed.
 */
export function renderUserData(settings: NodeBootstrapSettings): string {
  const artifacts = artifactLocations(settings);
  const assignments = [
    ["REGION", settings.region],
    ["DOWNLOAD_DIR", nodePaths.downloadDir],
    ["CONFIG_DIR", nodePaths.configDir],
    ["DATA_DIR", nodePaths.dataDir],
    ["UNIT_NAME", nodePaths.unitName],
    ["UNIT_FILE", nodePaths.unitFile],
    ["ENV_FILE", nodePaths.envFile],
    ["DAZZLE_BIN", nodePaths.dazzleBin],
    ["DAZZLE_VERSION", settings.dazzleVersion],
    ["DAZZLE_URL", artifacts.dazzle.url],
    ["DAZZLE_FILE", artifacts.dazzle.fileName],
    ["DAZZLE_XZ_URL", artifacts.dazzle.xzUrl],
    ["DAZZLE_XZ_FILE", artifacts.dazzle.xzFileName],
    ["DAZZLE_SUMS_URL", artifacts.dazzle.checksumsUrl],
    ["TIGERBEETLE_BIN", nodePaths.tigerbeetleBin],
    ["TIGERBEETLE_VERSION", settings.tigerbeetleVersion],
    ["TIGERBEETLE_URL", artifacts.tigerbeetle.url],
    ["TIGERBEETLE_FILE", artifacts.tigerbeetle.fileName],
    ["TIGERBEETLE_SUMS_URL", artifacts.tigerbeetle.checksumsUrl],
  ].map(([name, value]) => `readonly ${name}=${shellWord(value ?? "")}`);
  return [
    "#!/bin/bash",
    `# Dazzle node bootstrap: TigerBeetle replica ${settings.replicaIndex} of ` +
    `${settings.app}-${settings.environment}. Safe to run again.`,
    "set -euo pipefail",
    "shopt -s inherit_errexit",
    "umask 022",
    "",
    ...assignments,
    "",
    bootstrapFunctions,
    "changed=0",
    heredoc("write_if_changed \"$ENV_FILE\"", "DAZZLE_ENV", agentEnvironmentFile(settings),
      "|| changed=$?"),
    heredoc("write_if_changed \"$UNIT_FILE\"", "DAZZLE_UNIT", agentUnit(settings), "|| changed=$?"),
    bootstrapMain,
  ].join("\n");
}

/**
 * A quoted heredoc (no expansion at all) feeding `command`. Only a line equal to the marker ends
 * it, and the rendered files never contain such a line.
 */
function heredoc(command: string, marker: string, content: string, after: string): string {
  if (content.split("\n").includes(marker)) {
    throw new Error(`node bootstrap: content contains its heredoc marker ${marker}`);
  }
  return `${command} <<'${marker}' ${after}\n${content}${marker}`;
}

/** Shell functions; static text (all per-replica values come from the `readonly` lines). */
const bootstrapFunctions = String.raw`log() { printf 'dazzle-bootstrap: %s\n' "$*" >&2; }
fail() { log "error: $*"; exit 1; }

# Fetch one URL to a file: https with curl (https only, bounded retries) or s3 with the AWS CLI.
fetch() {
  local url="$1" target="$2"
  case "$url" in
    https://*)
      curl --fail --silent --show-error --location --proto '=https' --proto-redir '=https' \
        --tlsv1.2 --connect-timeout 10 --max-time 900 --retry 5 --retry-delay 3 \
        --output "$target" "$url" ;;
    s3://*) aws s3 cp --only-show-errors --region "$REGION" "$url" "$target" ;;
    *) fail "unsupported artifact URL (https:// or s3:// only): $url" ;;
  esac
}

# Download an artifact and the SHA256SUMS next to it into a fresh folder, verify the checksum,
# and print the folder. A missing, duplicated or wrong checksum stops the bootstrap.
fetch_verified() {
  local url="$1" file="$2" sums_url="$3" folder expected
  folder="$DOWNLOAD_DIR/$file.d"
  rm -rf "$folder"
  mkdir -p "$folder"
  fetch "$sums_url" "$folder/SHA256SUMS"
  fetch "$url" "$folder/$file"
  expected="$(awk -v name="$file" '$2 == name || $2 == ("*" name) { print $1 }' \
    "$folder/SHA256SUMS")"
  [ -n "$expected" ] || fail "no checksum for $file in $sums_url"
  [ "$(printf '%s\n' "$expected" | wc -l)" -eq 1 ] || fail "several checksums for $file"
  printf '%s  %s\n' "$expected" "$folder/$file" | sha256sum --check --strict --quiet - \
    || fail "checksum mismatch for $file"
  printf '%s\n' "$folder"
}

# True when target is installed at this version with the recorded SHA-256 (re-run: no download).
already_installed() {
  local target="$1" version="$2" marker
  marker="$CONFIG_DIR/installed/$(basename "$target")"
  [ -x "$target" ] && [ -f "$marker" ] || return 1
  [ "$(cat "$marker")" = "$version $(sha256sum "$target" | cut -d ' ' -f 1)" ]
}

# Install a binary atomically: copy next to the target, then rename over it.
install_binary() {
  local source="$1" target="$2" version="$3"
  install -m 0755 "$source" "$target.new"
  mv -f "$target.new" "$target"
  mkdir -p "$CONFIG_DIR/installed"
  printf '%s %s\n' "$version" "$(sha256sum "$target" | cut -d ' ' -f 1)" \
    > "$CONFIG_DIR/installed/$(basename "$target")"
  log "installed $target $version"
}

# The .tar.xz is about a quarter smaller than the .tar.gz: take it when this host has xz and
# the release lists it (a mirror may carry the .tar.gz only); otherwise the .tar.gz.
dazzle_archive() {
  local sums="$DOWNLOAD_DIR/dazzle-SHA256SUMS"
  if command -v xz > /dev/null && fetch "$DAZZLE_SUMS_URL" "$sums" &&
    awk -v name="$DAZZLE_XZ_FILE" '$2 == name || $2 == ("*" name) { found = 1 }
      END { exit !found }' "$sums"; then
    printf '%s\n' "$DAZZLE_XZ_FILE"
  else
    printf '%s\n' "$DAZZLE_FILE"
  fi
}

install_dazzle() {
  already_installed "$DAZZLE_BIN" "$DAZZLE_VERSION" && return 0
  local file url folder binary
  file="$(dazzle_archive)"
  url="$DAZZLE_URL"
  [ "$file" = "$DAZZLE_FILE" ] || url="$DAZZLE_XZ_URL"
  folder="$(fetch_verified "$url" "$file" "$DAZZLE_SUMS_URL")"
  mkdir -p "$folder/extract"
  case "$file" in
    *.tar.xz) tar -xJf "$folder/$file" -C "$folder/extract" ;;
    *) tar -xzf "$folder/$file" -C "$folder/extract" ;;
  esac
  binary="$(find "$folder/extract" -maxdepth 2 -type f -name dazzle -print -quit)"
  [ -n "$binary" ] || fail "no dazzle binary in $file"
  install_binary "$binary" "$DAZZLE_BIN" "$DAZZLE_VERSION"
}

install_tigerbeetle() {
  already_installed "$TIGERBEETLE_BIN" "$TIGERBEETLE_VERSION" && return 0
  local folder
  folder="$(fetch_verified "$TIGERBEETLE_URL" "$TIGERBEETLE_FILE" "$TIGERBEETLE_SUMS_URL")"
  mkdir -p "$folder/extract"
  if command -v unzip > /dev/null; then
    unzip -o -q "$folder/$TIGERBEETLE_FILE" -d "$folder/extract"
  else
    python3 -m zipfile -e "$folder/$TIGERBEETLE_FILE" "$folder/extract"
  fi
  [ -f "$folder/extract/tigerbeetle" ] || fail "no tigerbeetle binary in $TIGERBEETLE_FILE"
  install_binary "$folder/extract/tigerbeetle" "$TIGERBEETLE_BIN" "$TIGERBEETLE_VERSION"
}

# Write stdin to target only if it differs: 0 unchanged, 10 changed, 1 failed. Each step checks
# its own status because errexit is off inside a function called with "||".
write_if_changed() {
  local target="$1" staged
  staged="$(mktemp "$target.XXXXXX")" || return 1
  cat > "$staged" || return 1
  if cmp -s "$staged" "$target"; then
    rm -f "$staged"
    return 0
  fi
  chmod 0644 "$staged" || return 1
  mv -f "$staged" "$target" || return 1
  return 10
}

mkdir -p "$DOWNLOAD_DIR" "$CONFIG_DIR" "$DATA_DIR"
install_dazzle
install_tigerbeetle
"$TIGERBEETLE_BIN" version > /dev/null || fail "installed tigerbeetle does not run"
`;

const bootstrapMain = String.raw`case "$changed" in
  0 | 10) ;;
  *) fail "could not write $ENV_FILE or $UNIT_FILE" ;;
esac
systemctl daemon-reload
systemctl enable "$UNIT_NAME"
# Restart only when the unit or env file changed: a re-run must not bounce a running replica.
if [ "$changed" -eq 10 ]; then
  systemctl restart "$UNIT_NAME"
else
  systemctl start "$UNIT_NAME"
fi
log "agent $UNIT_NAME started"
`;
