/**
 * `dazzle deploy artifacts --to s3://bucket/prefix`: put everything the TigerBeetle nodes
 * download (the pinned dazzle and tigerbeetle, per architecture, with a SHA256SUMS per folder)
 * into the layout the node bootstrap reads, then print the `artifact_base_url` line for
 * dazzle.toml. Every download is verified before anything is uploaded; every upload is read
 * back; files already there with the right checksum are skipped (ship/artifacts/).
 */
import { readFile } from "node:fs/promises";
import { awsErrorText, s3Client } from "../../aws/clients.ts";
import { httpDownloader } from "../../ship/artifacts/download.ts";
import { nodeArchitectures, nodeArtifactNames,
  type NodeArchitecture } from "../../ship/artifacts/layout.ts";
import { publishArtifacts, PublishError } from "../../ship/artifacts/publish.ts";
import { s3ArtifactBucket } from "../../ship/artifacts/s3-bucket.ts";
import { parseS3Location, s3Url } from "../../ship/artifacts/s3-location.ts";
import { ArtifactSourceError, gatherArtifacts, tigerbeetleReleaseDefaults,
  type DazzleSource } from "../../ship/artifacts/sources.ts";
import { placeholderBaseUrl } from "../../ship/release-layout.ts";
import type { CommandContext } from "../command.ts";
import { envFlag, projectFlag } from "../common-flags.ts";
import { UsageError, UserError } from "../errors.ts";
import { parseFlags, type FlagSpecs } from "../flags.ts";
import { operatorAws } from "../operator-aws.ts";
import { progressFor } from "../progress.ts";
import { planProject, resolveProjectDir, selectedEnvironment } from "../project.ts";
import { dazzleCommit, dazzleVersion } from "../version.ts";

export const usage = `dazzle deploy artifacts --to s3://BUCKET/PREFIX [-p DIR] [--arch ARCH]...
    [--dazzle-base-url URL] [--tigerbeetle-base-url URL] [--tigerbeetle-sha256 ARCH=HEX]...
Upload what the TigerBeetle nodes install at boot (the pinned dazzle and tigerbeetle for
x86_64 and aarch64, each folder with a SHA256SUMS) in the layout the node bootstrap reads,
and print the artifact_base_url line for dazzle.toml. Downloads are verified before any
upload; uploads are read back; a second run skips what is already there.

Examples:
  dazzle deploy artifacts --to s3://acme-releases/dazzle
  dazzle deploy artifacts --to s3://acme-releases/dazzle --arch x86_64
  dazzle deploy artifacts --to s3://acme-releases/dazzle \\
    --dazzle-base-url https://dl.acme.dev/dazzle`;

export const flags: FlagSpecs = {
  to: { type: "string", valueName: "S3_URL",
    description: "where the nodes will download from: s3://bucket/prefix" },
  project: projectFlag,
  env: envFlag,
  arch: { type: "string", multiple: true, valueName: "ARCH",
    description: "x86_64 or aarch64 (repeatable; default: both)" },
  region: { type: "string", valueName: "R",
    description: "the bucket's region (default: the project's region)" },
  "dazzle-base-url": { type: "string", valueName: "URL",
    description: "a dazzle release base for archives this binary cannot pack itself " +
      "(default: DAZZLE_BASE_URL)" },
  "tigerbeetle-base-url": { type: "string", valueName: "URL",
    description:
      `TigerBeetle release downloads (default: ${tigerbeetleReleaseDefaults.downloadBaseUrl})` },
  "tigerbeetle-release-api": { type: "string", valueName: "URL",
    description: "where the release's SHA-256 digests are listed " +
      `(default: ${tigerbeetleReleaseDefaults.releaseApiUrl})` },
  "tigerbeetle-sha256": { type: "string", multiple: true, valueName: "ARCH=HEX",
    description: "trust this SHA-256 for an architecture's zip instead of the listed one" },
};

export async function run(context: CommandContext): Promise<number> {
  const values = parseFlags(context.args, flags, { positionalsMax: 0 }).values;
  const destination = destinationOf(values["to"]);
  const architectures = architecturesOf(values["arch"]);
  const pinnedSha256 = pinnedDigests(values["tigerbeetle-sha256"], architectures);
  const projectDir = resolveProjectDir(context, values["project"]);
  const { config } = await planProject(context, projectDir,
    selectedEnvironment(context, values["env"]), { planWarnings: false });
  const versions = { dazzle: config.tigerbeetle.dazzleVersion,
    tigerbeetle: config.tigerbeetle.version };
  const progress = progressFor(context);
  const names = nodeArtifactNames(versions, architectures);
  const dazzle = dazzleSource(stringFlag(values["dazzle-base-url"]) ??
    context.env["DAZZLE_BASE_URL"]);
  let files;
  try {
    files = await gatherArtifacts({
      names,
      versions,
      architectures,
      dazzle,
      download: httpDownloader(),
      progress,
      tigerbeetle: {
        downloadBaseUrl: stringFlag(values["tigerbeetle-base-url"]) ??
          tigerbeetleReleaseDefaults.downloadBaseUrl,
        releaseApiUrl: stringFlag(values["tigerbeetle-release-api"]) ??
          tigerbeetleReleaseDefaults.releaseApiUrl,
        pinnedSha256,
      },
    });
  } catch (error) {
    if (error instanceof ArtifactSourceError) {
      throw new UserError("artifacts/unavailable", error.message, error.hint);
    }
    throw error;
  }
  const region = stringFlag(values["region"]) ?? config.region;
  const bucket = s3ArtifactBucket(s3Client(operatorAws(context, region)), destination);
  let published;
  try {
    published = await publishArtifacts(bucket, files, progress);
  } catch (error) {
    if (error instanceof PublishError) {
      throw new UserError("artifacts/uploadFailed", error.message);
    }
    throw new UserError("artifacts/uploadFailed",
      `upload to ${s3Url(destination)} failed: ${awsErrorText(error)}`,
      "files already uploaded stay and are skipped next time: fix the cause and run it again");
  }
  const origins = new Map(files.map((file) => [`${file.folder}/${file.fileName}`, file.origin]));
  for (const file of published) {
    const origin = origins.get(file.key);
    context.stdout(`${file.action.padEnd(9)} ${file.key}  ${mebibytes(file.size)} MiB` +
      `${origin ? `  (from ${origin})` : ""}\n`);
  }
  context.stdout(`\nNodes can install dazzle ${versions.dazzle} and TigerBeetle ` +
    `${versions.tigerbeetle} (${architectures.join(", ")}) from there. ` +
    "In dazzle.toml, [deploy.tigerbeetle]:\n\n" +
    `artifact_base_url = "${s3Url(destination)}"\n`);
  return 0;
}

function destinationOf(value: unknown) {
  if (typeof value !== "string" || value === "") {
    throw new UsageError("say where to upload: --to s3://bucket/prefix");
  }
  const parsed = parseS3Location(value);
  if (!parsed.ok) throw new UsageError(`--to ${value}: ${parsed.reason}`);
  return parsed.location;
}

/** Other names of the node architectures (Go, Docker, Node), for the hint. */
const architectureAliases: Readonly<Record<string, NodeArchitecture>> = {
  amd64: "x86_64",
  x64: "x86_64",
  arm64: "aarch64",
};

function architecturesOf(value: unknown): NodeArchitecture[] {
  const given = Array.isArray(value) ? value as string[] : [];
  if (given.length === 0) return [...nodeArchitectures];
  for (const arch of given) {
    if (!(nodeArchitectures as readonly string[]).includes(arch)) {
      const alias = Object.hasOwn(architectureAliases, arch)
        ? architectureAliases[arch]
        : undefined;
      throw new UsageError(`--arch ${arch}: must be one of ${nodeArchitectures.join(", ")}`,
        alias ? `did you mean --arch ${alias}? (the names \`uname -m\` prints)` : undefined);
    }
  }
  return nodeArchitectures.filter((arch) => given.includes(arch));
}

function pinnedDigests(value: unknown, architectures: readonly NodeArchitecture[]) {
  const pinned = new Map<NodeArchitecture, string>();
  for (const entry of Array.isArray(value) ? value as string[] : []) {
    const match = /^(x86_64|aarch64)=([0-9a-fA-F]{64})$/.exec(entry);
    if (!match) {
      throw new UsageError(`--tigerbeetle-sha256 ${entry}: expected ARCH=HEX, like ` +
        "x86_64=<64 hex digits>");
    }
    const arch = match[1] as NodeArchitecture;
    if (!architectures.includes(arch)) {
      throw new UsageError(`--tigerbeetle-sha256 ${entry}: ${arch} is not being uploaded`);
    }
    pinned.set(arch, match[2]!.toLowerCase());
  }
  return pinned;
}

/**
 * A release base when one is named; otherwise this binary packs itself for its own platform
 * (a compiled dazzle only: run from source there is no binary to pack).
 */
function dazzleSource(baseUrl: string | undefined): DazzleSource {
  if (baseUrl !== undefined && baseUrl !== "" && baseUrl !== placeholderBaseUrl) {
    return { releaseBaseUrl: baseUrl.replace(/\/+$/, "") };
  }
  if (dazzleCommit === "dev") return {};
  return {
    self: { version: dazzleVersion,
      binary: async () => new Uint8Array(await readFile(process.execPath)) },
  };
}

function stringFlag(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function mebibytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
