/**
 * What `deploy artifacts` puts below `artifact_base_url`: exactly the files the node bootstrap
 * downloads, found by asking the bootstrap itself (`artifactLocations`), so the two can never
 * disagree about a folder or a file name. Per architecture: the dazzle archive(s) in
 * `dazzle/<v>/`, TigerBeetle's release zip in `tigerbeetle/<v>/`, and a `SHA256SUMS` per folder.
 */
import { artifactLocations } from "../../stacks/tigerbeetle/node-bootstrap.ts";
import { checksumsFileName, type ReleasePlatform } from "../release-layout.ts";

/** A node architecture as `uname -m` names it (and as TigerBeetle names its zips). */
export type NodeArchitecture = "x86_64" | "aarch64";

export const nodeArchitectures: readonly NodeArchitecture[] = ["x86_64", "aarch64"];

/** dazzle's release platform for a node architecture. */
export function releasePlatformOf(architecture: NodeArchitecture): ReleasePlatform["name"] {
  return architecture === "aarch64" ? "linux-arm64" : "linux-x64";
}

export interface ArtifactFolder {
  /** Key prefix below the base, e.g. `dazzle/0.1.0` (no slashes at either end). */
  readonly folder: string;
  readonly checksumsKey: string;
}

export interface NodeArtifactNames {
  readonly dazzle: ArtifactFolder & {
    /** Per architecture: the `.tar.gz` every node unpacks and the optional `.tar.xz`. */
    readonly archives: ReadonlyMap<NodeArchitecture, { readonly gz: string; readonly xz: string }>;
  };
  readonly tigerbeetle: ArtifactFolder & {
    readonly zips: ReadonlyMap<NodeArchitecture, string>;
  };
}

/** Stand-in values for the bootstrap settings that do not affect artifact locations. */
const anyNode = {
  app: "app",
  environment: "env",
  region: "region",
  replicaIndex: 0,
  ssmPrefix: "/p",
  metricsNamespace: "n",
  logGroupName: "/l",
  signalStack: "s",
  signalResource: "r",
} as const;

const probeBase = "s3://probe/base";

/** File names and folders of one dazzle and one TigerBeetle version, for these architectures. */
export function nodeArtifactNames(
  versions: { readonly dazzle: string; readonly tigerbeetle: string },
  architectures: readonly NodeArchitecture[],
): NodeArtifactNames {
  const archives = new Map<NodeArchitecture, { gz: string; xz: string }>();
  const zips = new Map<NodeArchitecture, string>();
  let dazzleFolder = "";
  let tigerbeetleFolder = "";
  for (const architecture of architectures) {
    const locations = artifactLocations({ ...anyNode, artifactBaseUrl: probeBase,
      dazzleVersion: versions.dazzle, tigerbeetleVersion: versions.tigerbeetle,
      architecture: architecture === "aarch64" ? "arm64" : "x86_64" });
    archives.set(architecture, { gz: locations.dazzle.fileName, xz: locations.dazzle.xzFileName });
    zips.set(architecture, locations.tigerbeetle.fileName);
    dazzleFolder = folderOf(locations.dazzle.checksumsUrl);
    tigerbeetleFolder = folderOf(locations.tigerbeetle.checksumsUrl);
  }
  return {
    dazzle: { folder: dazzleFolder, checksumsKey: `${dazzleFolder}/${checksumsFileName}`,
      archives },
    tigerbeetle: { folder: tigerbeetleFolder,
      checksumsKey: `${tigerbeetleFolder}/${checksumsFileName}`, zips },
  };
}

/** `s3://probe/base/dazzle/0.1.0/SHA256SUMS` → `dazzle/0.1.0`. */
function folderOf(checksumsUrl: string): string {
  const suffix = `/${checksumsFileName}`;
  if (!checksumsUrl.startsWith(`${probeBase}/`) || !checksumsUrl.endsWith(suffix)) {
    throw new Error(`internal: unexpected artifact location ${checksumsUrl}`);
  }
  return checksumsUrl.slice(probeBase.length + 1, -suffix.length);
}
