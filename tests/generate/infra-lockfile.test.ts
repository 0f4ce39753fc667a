/**
 * infra/package-lock.json, derived from dazzle's own lockfile: the packages infra's pinned
 * dependencies reach, with npm's flags for infra's roots. (`npm ci` with it, from the registry,
 * runs in deploy-generate.test.ts and in the first-deploy test.)
 */
import { describe, expect, test } from "bun:test";
import dazzleLockfile from "../../package-lock.json" with { type: "json" };
import { infraPackageVersions } from "../../generate/index.ts";
import { InfraLockfileError, renderInfraLockfile } from "../../generate/infra-lockfile.ts";

const manifest = {
  name: "shop-staging-infra",
  version: "0.0.0",
  dependencies: { "aws-cdk-lib": infraPackageVersions.awsCdkLib,
    constructs: infraPackageVersions.constructs },
  devDependencies: { "@types/node": infraPackageVersions.typesNode,
    "aws-cdk": infraPackageVersions.awsCdkCli, "ts-node": infraPackageVersions.tsNode,
    typescript: infraPackageVersions.typescript },
};

type Locked = Record<string, Record<string, unknown>>;
const lock = JSON.parse(renderInfraLockfile(dazzleLockfile, manifest)) as {
  name: string;
  lockfileVersion: number;
  packages: Locked;
};

describe("infra/package-lock.json", () => {
  test("a v3 lockfile whose root is infra's package.json", () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages[""]).toEqual({ name: "shop-staging-infra", version: "0.0.0",
      dependencies: manifest.dependencies, devDependencies: manifest.devDependencies });
  });

  test("every pinned package at its version, with the registry's integrity", () => {
    for (const [name, version] of Object.entries({ ...manifest.dependencies,
      ...manifest.devDependencies })) {
      const entry = lock.packages[`node_modules/${name}`]!;
      expect({ name, version: entry["version"] }).toEqual({ name, version });
      expect(String(entry["integrity"])).toMatch(/^sha512-/);
    }
  });

  test("nothing dazzle alone uses (the AWS SDK, Bun, cdk-nag) is in it", () => {
    const names = Object.keys(lock.packages);
    expect(names.filter((path) => /@aws-sdk|\/bun$|cdk-nag|smol-toml/.test(path))).toEqual([]);
  });

  test("flags follow infra's roots: the CDK library is needed at run time, the CLI is dev", () => {
    expect(lock.packages["node_modules/aws-cdk-lib"]!["dev"]).toBeUndefined();
    expect(lock.packages["node_modules/constructs"]!["dev"]).toBeUndefined();
    for (const name of ["aws-cdk", "typescript", "ts-node", "@types/node"]) {
      expect({ name, dev: lock.packages[`node_modules/${name}`]!["dev"] })
        .toEqual({ name, dev: true });
    }
    // aws-cdk-lib's bundled dependencies come with it.
    expect(
      Object.keys(lock.packages).filter((path) =>
        path.startsWith("node_modules/aws-cdk-lib/node_modules/")
      ).length,
    ).toBeGreaterThan(5);
  });

  test("a pin that dazzle's lockfile does not have is refused, not guessed", () => {
    expect(() =>
      renderInfraLockfile(dazzleLockfile, { ...manifest,
        dependencies: { ...manifest.dependencies, constructs: "10.0.0" } })
    )
      .toThrow(InfraLockfileError);
  });
});
