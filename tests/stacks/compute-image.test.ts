/**
 * The app image, three ways: pulled (`image`), built from the project's Dockerfile (an image
 * asset `cdk deploy` builds and pushes), or none (the service has no tasks, so CloudFormation
 * never waits on an image that cannot exist). No Docker is needed: synthesis only stages the
 * build context and writes the docker asset manifest.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync,
  writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Template } from "aws-cdk-lib/assertions";
import type { AppImageConfig } from "../../ir/deploy-config.ts";
import { planDeployment } from "../../plan/index.ts";
import { synthesize } from "../../synth/index.ts";
import { configFor, exampleAppSpec } from "../../testing/plan-fixtures.ts";
import { synthesizeApp } from "./whole-app-fixture.ts";

const scratch = mkdtempSync(join(tmpdir(), "dazzle-compute-image-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function synthesizeWith(image: AppImageConfig, projectDir?: string) {
  const config = configFor("staging", (c) => ({ ...c, compute: { ...c.compute, image } }));
  return synthesizeApp(exampleAppSpec, config, projectDir ? { projectDir } : {});
}

function containerImage(template: Template): unknown {
  const [taskDefinition] = Object.values(template.findResources("AWS::ECS::TaskDefinition"));
  const properties = taskDefinition!["Properties"] as {
    ContainerDefinitions: { Image: unknown }[];
  };
  return properties.ContainerDefinitions[0]!.Image;
}

function serviceCounts(template: Template) {
  const [service] = Object.values(template.findResources("AWS::ECS::Service"));
  const [target] = Object.values(
    template.findResources("AWS::ApplicationAutoScaling::ScalableTarget"),
  );
  const scaling = target!["Properties"] as { MinCapacity: number; MaxCapacity: number };
  return { desired: (service!["Properties"] as { DesiredCount: number }).DesiredCount,
    min: scaling.MinCapacity, max: scaling.MaxCapacity };
}

interface DockerImageManifest {
  readonly dockerImages: Record<string, {
    readonly source: { readonly directory: string; readonly dockerFile?: string;
      readonly platform?: string };
  }>;
}

/** The docker image entries of the Compute stack's asset manifest in the cloud assembly. */
function dockerImages(outDir: string): DockerImageManifest["dockerImages"] {
  const manifest = readdirSync(outDir).find((name) => /Compute.*\.assets\.json$/.test(name));
  if (manifest === undefined) throw new Error(`no Compute asset manifest in ${outDir}`);
  return (JSON.parse(readFileSync(join(outDir, manifest), "utf8")) as DockerImageManifest)
    .dockerImages ?? {};
}

/** A project folder with an app, its Dockerfile, and the things that must stay out. */
function projectWithDockerfile(name: string, dockerfilePath = "Dockerfile"): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, "src"), { recursive: true });
  mkdirSync(join(dir, "infra", "node_modules", "aws-cdk-lib"), { recursive: true });
  mkdirSync(join(dir, ".git"), { recursive: true });
  mkdirSync(join(dir, dockerfilePath, ".."), { recursive: true });
  writeFileSync(join(dir, dockerfilePath), "FROM public.ecr.aws/docker/library/node:22\n" +
    "COPY src /app\nCMD [\"node\", \"/app/server.js\"]\n");
  writeFileSync(join(dir, "src", "server.js"), "console.log('hello');\n");
  writeFileSync(join(dir, "infra", "node_modules", "aws-cdk-lib", "index.js"), "junk\n");
  writeFileSync(join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
  return dir;
}

describe("image = \"registry/ref:tag\"", () => {
  const { templates, plan } = synthesizeWith(
    { source: "registry", uri: "ghcr.io/acme/wallet:1.2.3" },
  );
  const compute = templates["Compute"]!;

  test("the task pulls exactly that reference, and the service runs the configured tasks", () => {
    expect(containerImage(compute)).toBe("ghcr.io/acme/wallet:1.2.3");
    expect(serviceCounts(compute)).toEqual({ desired: 2, min: 2, max: 4 });
    expect(plan.diagnostics.filter((d) => d.code === "plan/noAppImage")).toEqual([]);
  });
});

describe("a Dockerfile in the project", () => {
  const projectDir = projectWithDockerfile("with-dockerfile");
  const image: AppImageConfig = { source: "dockerfile", buildContext: ".", dockerfile: "Dockerfile",
    exclude: [".git", "infra"] };
  const synthesized = synthesizeWith(image, projectDir);
  const compute = synthesized.templates["Compute"]!;
  const images = dockerImages(synthesized.outDir);
  const [hash] = Object.keys(images);

  test("becomes one image asset, built for linux/amd64 from the project folder", () => {
    expect(Object.keys(images)).toHaveLength(1);
    expect(images[hash!]!.source).toEqual({ directory: `asset.${hash}`, dockerFile: "Dockerfile",
      platform: "linux/amd64" });
  });

  test("the task's image is that asset in the bootstrap's container-assets repository", () => {
    const text = JSON.stringify(containerImage(compute));
    expect(text).toContain("cdk-hnb659fds-container-assets-");
    expect(text).toContain(`:${hash}`);
    expect(serviceCounts(compute)).toEqual({ desired: 2, min: 2, max: 4 });
    expect(synthesized.plan.diagnostics.filter((d) => d.code === "plan/noAppImage"))
      .toEqual([]);
  });

  test("the staged context has the app and the Dockerfile, but not .git or infra/", () => {
    const staged = join(synthesized.outDir, `asset.${hash}`);
    expect(existsSync(join(staged, "Dockerfile"))).toBe(true);
    expect(existsSync(join(staged, "src", "server.js"))).toBe(true);
    expect(existsSync(join(staged, ".git"))).toBe(false);
    expect(existsSync(join(staged, "infra"))).toBe(false);
  });

  test("the image changes with the app's files, not with what generate writes to infra/", () => {
    writeFileSync(join(projectDir, "infra", "cdk.json"), "{}\n");
    const afterInfra = Object.keys(dockerImages(synthesizeWith(image, projectDir).outDir));
    expect(afterInfra).toEqual([hash!]);
    writeFileSync(join(projectDir, "src", "server.js"), "console.log('changed');\n");
    const afterApp = Object.keys(dockerImages(synthesizeWith(image, projectDir).outDir));
    expect(afterApp).toHaveLength(1);
    expect(afterApp[0]).not.toBe(hash);
  });

  test("a Dockerfile in a sub-folder, with its own context", () => {
    const dir = projectWithDockerfile("sub-folder", "docker/app.Dockerfile");
    const nested = synthesizeWith({ source: "dockerfile", buildContext: ".",
      dockerfile: "docker/app.Dockerfile", exclude: [".git", "infra"] }, dir);
    const entries = Object.values(dockerImages(nested.outDir));
    expect(entries.map((entry) => entry.source.dockerFile)).toEqual(["docker/app.Dockerfile"]);
  });

  test("without the project folder the stacks refuse, with a message (not a crash)", () => {
    expect(() => synthesizeWith(image)).toThrow(/project folder was not given/);
  });
});

describe("neither: no image", () => {
  const { templates, plan } = synthesizeWith({ source: "none" });
  const compute = templates["Compute"]!;

  test("the service is created with no tasks, so nothing waits on a missing image", () => {
    expect(serviceCounts(compute)).toEqual({ desired: 0, min: 0, max: 4 });
  });

  test("plan warns, naming both fixes", () => {
    const warnings = plan.diagnostics.filter((d) => d.code === "plan/noAppImage");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.severity).toBe("warning");
    expect(warnings[0]!.hint).toContain("add a Dockerfile");
    expect(warnings[0]!.hint).toContain("image = \"registry/ref:tag\"");
  });
});

describe("a cloud assembly written inside the build context (deploy synth --out DIR)", () => {
  const projectDir = projectWithDockerfile("assembly-inside");
  const image: AppImageConfig = { source: "dockerfile", buildContext: ".", dockerfile: "Dockerfile",
    exclude: [".git", "**/cdk.out", "infra"] };
  const config = configFor("staging", (c) => ({ ...c, compute: { ...c.compute, image } }));
  const plan = planDeployment(exampleAppSpec, config, { projectName: "project",
    dazzleVersion: "0.1.0" });
  const synthInto = (outDir: string) => synthesize(plan.aws, { outDir, projectDir });
  const imageHash = (outDir: string) => {
    const hashes = Object.keys(dockerImages(outDir));
    expect(hashes).toHaveLength(1);
    return hashes[0]!;
  };

  test("is left out of the staged context, so synth does not copy it into itself", () => {
    for (const out of ["out", "build/assembly"]) {
      const outDir = join(projectDir, out);
      synthInto(outDir);
      const staged = join(outDir, `asset.${imageHash(outDir)}`);
      expect(existsSync(join(staged, "src", "server.js"))).toBe(true);
      expect(existsSync(join(staged, out))).toBe(false);
      // Synthesizing again into the same folder stages the same, still without itself.
      synthInto(outDir);
      expect(existsSync(join(outDir, `asset.${imageHash(outDir)}`, out))).toBe(false);
    }
  });

  test("cdk.out folders anywhere stay out of the image and its hash", () => {
    const elsewhere = mkdtempSync(join(scratch, "elsewhere-"));
    const before = imageHash(synthInto(join(elsewhere, "cdk.out")).outDir);
    const nested = join(projectDir, "services", "api", "cdk.out");
    const inside = synthInto(nested);
    synthInto(join(projectDir, "cdk.out"));
    expect(imageHash(inside.outDir)).toBe(before);
    expect(existsSync(join(nested, `asset.${before}`, "services", "api", "cdk.out"))).toBe(false);
    expect(imageHash(synthInto(join(elsewhere, "again", "cdk.out")).outDir)).toBe(before);
  });

  test("an assembly that is the build context itself is refused, not copied", () => {
    expect(() => synthInto(projectDir)).toThrow(/is the app image's build context/);
  });
});
