/** The TigerBeetle data volume: fast enough, never deleted, encrypted. */
import { configSpan, isDev } from "../sources.ts";
import { literalBoolean, literalNumber, literalString, property } from "../template.ts";
import { tigerBeetleVolumes, type TigerBeetleVolume } from "../tigerbeetle-resources.ts";
import type { FindingDraft, PreflightInput, Rule } from "../types.ts";

/** The guide's minimum and recommendation for the write-ahead log's volume. */
const iopsMinimum = 5000;
const iopsRecommended = 10000;
/** gp3's baseline, which applies when `Iops` is not set. */
const gp3BaselineIops = 3000;

/** Provisioned IOPS as deployed, or undefined when it is a token (not judged). */
function volumeIops(volume: TigerBeetleVolume): number | undefined {
  const iops = property(volume.resource, "Iops");
  if (iops !== undefined) return literalNumber(iops);
  const type = property(volume.resource, "VolumeType");
  if (type === undefined || literalString(type) === "gp3") return gp3BaselineIops;
  if (literalString(type) === "gp2") {
    const sizeGib = literalNumber(property(volume.resource, "Size"));
    return sizeGib === undefined ? undefined : Math.max(100, 3 * sizeGib);
  }
  return undefined;
}

function iopsFindings(input: PreflightInput, below: number, floor: number): FindingDraft[] {
  if (isDev(input)) return [];
  const findings: FindingDraft[] = [];
  for (const volume of tigerBeetleVolumes(input.stacks)) {
    const iops = volumeIops(volume);
    if (iops === undefined || iops >= below || iops < floor) continue;
    findings.push({
      stack: volume.stack,
      logicalId: volume.logicalId,
      span: configSpan(input, "deploy.tigerbeetle.volume_iops"),
      message: `IOPS below ${below === iopsMinimum ? "minimum" : "recommended"}: TigerBeetle ` +
        `data volume${volume.replica === undefined ? "" : ` of replica ${volume.replica}`} has ` +
        `${iops} IOPS, ${below === iopsMinimum ? "the minimum" : "the recommendation"} is ` +
        `${below.toLocaleString("en-US")}`,
    });
  }
  return findings;
}

export const lowIops: Rule = {
  id: "TB_LOW_IOPS",
  severity: "high",
  title: "TigerBeetle data volume below 5,000 IOPS",
  remediation: "Increase `volume_iops` in [deploy.tigerbeetle] to at least 5000 (10000 " +
    "recommended); gp3 allows up to 500 IOPS per GiB of `volume_size_gb`.",
  check: (input) => iopsFindings(input, iopsMinimum, 0),
};

export const suboptimalIops: Rule = {
  id: "TB_SUBOPTIMAL_IOPS",
  severity: "warn",
  title: "TigerBeetle data volume below 10,000 IOPS",
  remediation: "Increase `volume_iops` in [deploy.tigerbeetle] to 10000 or more (20000+ for " +
    "high throughput).",
  check: (input) => iopsFindings(input, iopsRecommended, iopsMinimum),
};

export const volumeNotRetained: Rule = {
  id: "TB_VOLUME_NOT_RETAINED",
  severity: "critical",
  title: "TigerBeetle data volume would be deleted with its stack or on replacement",
  remediation: "Keep `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain` on data " +
    "volumes (the generated stack does; do not override its removal policy).",
  check(input) {
    return tigerBeetleVolumes(input.stacks).flatMap((volume): FindingDraft[] => {
      const policies = [volume.resource.DeletionPolicy, volume.resource.UpdateReplacePolicy];
      if (policies.every((policy) => policy === "Retain")) return [];
      return [{
        stack: volume.stack,
        logicalId: volume.logicalId,
        message: `TigerBeetle data volume has DeletionPolicy ` +
          `${volume.resource.DeletionPolicy ?? "Delete (default)"} and UpdateReplacePolicy ` +
          `${volume.resource.UpdateReplacePolicy ?? "Delete (default)"}: deleting the stack or ` +
          `replacing the volume would destroy the replica's ledger data`,
      }];
    });
  },
};

export const volumeUnencrypted: Rule = {
  id: "TB_VOLUME_UNENCRYPTED",
  severity: "high",
  title: "TigerBeetle data volume not encrypted at rest",
  remediation: "Set `Encrypted: true` on the data volume (the generated stack does; check " +
    "hand edits of infra/).",
  check(input) {
    return tigerBeetleVolumes(input.stacks).flatMap((volume): FindingDraft[] => {
      const encrypted = property(volume.resource, "Encrypted");
      // Absent means "the account's EBS default", which may be off: judged as not encrypted.
      if (encrypted !== undefined && literalBoolean(encrypted) !== false) return [];
      return [{
        stack: volume.stack,
        logicalId: volume.logicalId,
        message: `TigerBeetle data volume has Encrypted ${
          encrypted === undefined ?
            "unset" :
            "false"
        }: ledger data would be stored unencrypted unless the account enforces EBS ` +
          `encryption by default`,
      }];
    });
  },
};
