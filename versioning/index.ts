/**
 * Infrastructure versioning: `infra/.dazzle-infra-version.json` and the templates it was
 * computed from (see docs/preflight.md). `deploy generate` writes it; `deploy diff` and the
 * preflight destructive-change check read it.
 */
export { baselineSources, describeIdentity, readRecord, recordBaseline, type Baseline,
  type BaselineProblem, type BaselineSource, type RecordRead } from "./baseline.ts";
export { canonicalJson } from "./canonical-json.ts";
export { deployedBaseline, type DeployedStackName,
  type DeployedTemplateReader } from "./deployed-baseline.ts";
export { diffInfra, type InfraDiff, type PropertyChange, type ResourceChange,
  type ResourceChangeKind, type StackChange, type StackChangeKind } from "./diff.ts";
export { buildInfraVersion, templateChecksum, versionOf, type AcceptedChange,
  type DeploymentIdentity, type InfraVersionFile, type InfraVersionMeta, type InfraVersionStack,
  type StackTemplate } from "./infra-version.ts";
export { statefulTypes } from "./stateful.ts";
export { generatedFilesManifest, InfraVersionError, pendingGenerationFile, readRecordedInfra,
  renderInfraRecord, storedTemplateBytesMax, untrustedRecordHint, templatePath, templatesFolder,
  versionFileName, versionFilePath, writeInfraVersion, type RecordedInfra,
  type SynthResultLike } from "./store.ts";
