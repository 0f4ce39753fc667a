/**
 * `deploy generate` as a function: render the `infra/` CDK app, write it (our files only),
 * synthesize the same stacks in process and record the infra version next to it.
 */
import { dirname, join, relative, sep } from "node:path";
import packageJson from "../package.json" with { type: "json" };
import type { AWSRequirements } from "../ir/aws-requirements.ts";
import { synthesize, type SynthResult } from "../synth/index.ts";
import {
  buildInfraVersion, versionFilePath, writeInfraVersion, type InfraVersionFile,
} from "../versioning/index.ts";
import { infraSources } from "./infra-sources.ts";
import { renderInfraApp, type InfraPackageVersions } from "./render-infra-app.ts";
import { writeInfraApp, type InfraFileSystem, type WriteSummary } from "./write-infra-app.ts";

export interface GenerateOptions {
  readonly infraDir: string;
  /** The project folder: a Dockerfile image's build context is relative to it. */
  readonly projectDir?: string;
  readonly dazzleVersion: string;
  readonly fs: InfraFileSystem;
  /** Clock for the version file's `generated_at` (reused when nothing changed). */
  readonly now: () => Date;
}

export interface GenerateResult {
  readonly files: WriteSummary;
  readonly synth: SynthResult;
  readonly version: InfraVersionFile;
}

/** The versions this binary was built with: the generated app pins exactly these. */
export const infraPackageVersions: InfraPackageVersions = {
  awsCdkLib: packageJson.dependencies["aws-cdk-lib"],
  constructs: packageJson.dependencies.constructs,
  awsCdkCli: packageJson.devDependencies["aws-cdk"],
  tsNode: packageJson.devDependencies["ts-node"],
  typescript: packageJson.devDependencies.typescript,
  typesNode: packageJson.devDependencies["@types/node"],
};

export function generateInfra(aws: AWSRequirements, options: GenerateOptions): GenerateResult {
  const projectDir = options.projectDir ?? dirname(options.infraDir);
  const rendered = renderInfraApp(aws, infraSources(), infraPackageVersions,
    options.dazzleVersion, relative(options.infraDir, projectDir).split(sep).join("/") || ".");
  // Synthesize before writing: a plan the stacks refuse must leave an existing infra/ untouched.
  const synth = synthesize(aws, { outDir: join(options.infraDir, "cdk.out"), projectDir });
  const files = writeInfraApp(options.infraDir, rendered, options.fs);
  const { app, environment, region, account } = aws;
  const meta = { dazzleVersion: options.dazzleVersion, environment,
    deployment: { app, environment, region, ...(account ? { account } : {}) } };
  const fresh = buildInfraVersion(synth.stacks, { ...meta, generatedAt: "" });
  const previous = previousVersion(options.infraDir, options.fs);
  // Same templates as last time: keep the timestamp, so regeneration changes no byte.
  const generatedAt = previous?.version === fresh.version &&
      previous.dazzle_version === fresh.dazzle_version &&
      typeof previous.generated_at === "string"
    ? previous.generated_at
    : options.now().toISOString();
  const version = writeInfraVersion(options.infraDir, synth, { ...meta, generatedAt });
  return { files, synth, version };
}

function previousVersion(infraDir: string, fs: InfraFileSystem): Partial<InfraVersionFile> |
  undefined {
  const text = fs.readText(versionFilePath(infraDir));
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null
      ? value as Partial<InfraVersionFile>
      : undefined;
  } catch {
    return undefined; // Unreadable: a fresh timestamp, and writeInfraVersion replaces it.
  }
}
