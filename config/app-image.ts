/**
 * `[deploy.compute] image`, `dockerfile`, `build_context`: where the app's container image comes
 * from. An `image` is pulled as is; otherwise a Dockerfile in the project (`Dockerfile` at its
 * root unless configured) is built by `cdk deploy`; with neither, the service gets no tasks
 * (plan/compute.ts), since an empty repository's `:latest` can never start and CloudFormation
 * would wait on it until the circuit breaker rolls the stack back.
 */
import { posix } from "node:path";
import type { AppImageConfig } from "../ir/deploy-config.ts";
import { anyInvalid, readString, report, type ConfigReader, type Section } from "./reader.ts";

/** The project folder as far as config needs it: passed in, so parsing stays testable. */
export interface ProjectFiles {
  /** The project folder, absolute, `/`-separated. */
  readonly directory: string;
  /** True when `relativePath` (project-relative, `/`-separated) is a regular file. */
  isFile(relativePath: string): boolean;
}

const defaultDockerfileName = "Dockerfile";

/** The generated CDK app's folder (`deploy generate`'s default `--out`), project-relative. */
const generatedInfraFolder = "infra";

/** `cdk synth`'s default output folder, at any depth (a `.dockerignore` pattern). */
const cloudAssemblyFolders = "**/cdk.out";

const relativePathFormat = {
  // Relative, `/`-separated, printable: the generated app resolves it on another machine too.
  pattern: /^(?![/\\])(?!.*\\)[^\x00-\x1f\x7f]+$/,
  expected: "a path relative to the project folder, with `/` separators",
};

export function readAppImage(
  reader: ConfigReader,
  section: Section,
  files: ProjectFiles | undefined,
): AppImageConfig {
  const path = section.path;
  const image = readString(reader, section, "image", {
    pattern: /^\S+$/,
    expected: "a container image reference without spaces",
  });
  const dockerfile = readString(reader, section, "dockerfile", relativePathFormat);
  const buildContext = readString(reader, section, "build_context", relativePathFormat);
  const buildKey = dockerfile !== undefined ?
    "dockerfile"
    : buildContext !== undefined
    ? "build_context"
    : undefined;
  if (image !== undefined) {
    if (buildKey !== undefined) {
      report(reader, `${path}.${buildKey}`, "config/invalidCombination",
        `'${path}.image' and '${path}.${buildKey}' are both set: the image is either pulled ` +
          "or built, not both",
        `remove ${buildKey} to pull ${image}, or remove image to build the Dockerfile`);
    }
    return { source: "registry", uri: image };
  }
  if (anyInvalid(reader, [`${path}.image`, `${path}.dockerfile`, `${path}.build_context`])) {
    return { source: "none" };
  }
  const context = posix.normalize(buildContext ?? ".");
  const file = posix.normalize(dockerfile ?? posix.join(context, defaultDockerfileName));
  const inContext = posix.relative(context, file);
  if (inContext === "" || inContext.startsWith("..")) {
    report(reader, `${path}.${buildKey ?? "dockerfile"}`, "config/invalidCombination",
      `the Dockerfile ${file} is not inside the build context ${context}`,
      "docker builds from the context folder; move the Dockerfile into it or widen " +
        "build_context");
    return { source: "none" };
  }
  if (files !== undefined && !files.isFile(file)) {
    if (buildKey === undefined) return { source: "none" };
    report(reader, `${path}.${buildKey}`, "config/fileNotFound",
      `there is no Dockerfile at ${file} (relative to the project folder)`,
      "create it, fix the path, or set image = \"registry/ref:tag\" instead");
    return { source: "none" };
  }
  // Without a view of the files (a pure parse), only an explicitly configured Dockerfile counts.
  if (files === undefined && buildKey === undefined) return { source: "none" };
  return { source: "dockerfile", buildContext: context, dockerfile: inContext,
    exclude: buildExclusions(context, files?.directory) };
}

/**
 * `.git`, the generated `infra/` (when inside the context: it changes on every generate and
 * holds node_modules and cdk.out, every environment's `infra/<env>/` included) and any
 * `cdk.out` folder: a cloud assembly holds staged copies of the context, so hashing one would
 * change the image on every run. The assembly folder being written is excluded at synth time,
 * wherever `--out` puts it (stacks/compute/container.ts).
 */
function buildExclusions(context: string, projectDirectory: string | undefined): string[] {
  const always = [".git", cloudAssemblyFolders];
  if (projectDirectory === undefined && context.startsWith("..")) return always;
  const root = projectDirectory ?? "/project";
  const fromContext = posix.relative(posix.join(root, context),
    posix.join(root, generatedInfraFolder));
  return fromContext.startsWith("..") ? always : [...always, fromContext];
}
