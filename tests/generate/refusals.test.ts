/**
 * What `dazzle deploy generate` refuses, each a clear error (exit 1) that writes nothing: a
 * destructive change against the record (unless acknowledged or --accept-destructive, which the
 * record then notes), a second concurrent run, foreign files, --out naming a file, custom.ts or
 * a stored template that is not a readable file; and it never deletes through a symbolic link.
 */
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync,
  writeFileSync, lstatSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { run } from "../../cli/commands/deploy-generate.ts";
import { UserError } from "../../cli/errors.ts";
import { lockFile } from "../../generate/lock.ts";
import { manifestPath } from "../../generate/write-infra-app.ts";
import { readRecordedInfra, templatePath } from "../../versioning/index.ts";
import { recordingContext, type RecordingContext } from "../../testing/command-context.ts";
import { exampleToml, setKey } from "../../testing/preflight-pipeline.ts";

const repositoryRoot = join(import.meta.dir, "..", "..");
Object.assign(process.env, { AWS_EC2_METADATA_DISABLED: "true" });
const workspace = mkdtempSync(join(tmpdir(), "dazzle-refusals-"));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

let project = "";
let infra = "";
let counter = 0;

beforeEach(() => {
  project = join(workspace, `shop-${counter++}`);
  cpSync(join(repositoryRoot, "example"), project, { recursive: true });
  infra = join(project, "infra");
});

function context(args: string[]): RecordingContext {
  return recordingContext({ cwd: project, args, quiet: true });
}

/** Runs generate; returns the UserError it ended with, or undefined on success. */
async function generate(...args: string[]): Promise<{ error?: UserError; err: string }> {
  const ctx = context(["-p", project, ...args]);
  try {
    expect(await run(ctx)).toBe(0);
    return { err: ctx.text("stderr") };
  } catch (error) {
    if (error instanceof UserError) return { error, err: ctx.text("stderr") };
    throw error;
  }
}

function setToml(toml: string): void {
  writeFileSync(join(project, "dazzle.toml"), toml);
}

/** Every file under infra/ (path → hash), to prove a refusal wrote nothing. */
function snapshot(folder = infra): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (current: string, depth: number) => {
    expect(depth).toBeLessThan(12);
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (lstatSync(path).isDirectory()) walk(path, depth + 1);
      else {found.set(relative(folder, path), createHash("sha256")
          .update(lstatSync(path).isSymbolicLink() ? "link" : readFileSync(path)).digest("hex"));}
    }
  };
  walk(folder, 0);
  return found;
}

const movedZone = setKey(
  setKey(exampleToml, "deploy.network", "availability_zones", "[\"eu-west-2a\", \"eu-west-2b\"]"),
  "deploy.tigerbeetle",
  "volume_iops",
  "10000",
);
const zonesToml = setKey(exampleToml, "deploy.network", "availability_zones",
  "[\"eu-west-2a\", \"eu-west-2c\"]");

describe("a destructive change against the record", () => {
  test("is refused, naming each change, and infra/ stays as it was", async () => {
    setToml(zonesToml);
    expect((await generate()).error).toBeUndefined();
    const before = snapshot();
    setToml(movedZone);
    const { error, err } = await generate();
    expect(error?.message).toContain("would destroy or orphan deployed data");
    expect(err).toContain("DESTRUCTIVE_CHANGE (critical) TigerBeetle/Replica");
    expect(snapshot()).toEqual(before);
  }, 60_000);

  test("--accept-destructive records it, and the record notes what was accepted", async () => {
    setToml(zonesToml);
    await generate();
    setToml(movedZone);
    const { error, err } = await generate("--accept-destructive");
    expect(error).toBeUndefined();
    expect(err).toContain("accepted DESTRUCTIVE_CHANGE TigerBeetle/");
    const record = readRecordedInfra(infra)!;
    expect(record.version.accepted_changes?.map((c) => [c.check, c.reason]))
      .toContainEqual(["DESTRUCTIVE_CHANGE", "--accept-destructive"]);
    // Accepted once: the next generation of the same input has nothing to accept.
    expect((await generate()).error).toBeUndefined();
    expect(readRecordedInfra(infra)!.version.accepted_changes).toBeUndefined();
  }, 60_000);

  test("an acknowledgement with a reason accepts it, noted with the reason", async () => {
    setToml(zonesToml);
    await generate();
    setToml(movedZone);
    const refused = await generate();
    const resources = [...refused.err.matchAll(/DESTRUCTIVE_CHANGE \(critical\) (\S+?):/g)]
      .map((match) => match[1]!);
    expect(resources.length).toBeGreaterThan(0);
    writeFileSync(join(project, "dazzle-acknowledgements.toml"),
      resources.map((resource) =>
        `[[acknowledge]]\ncheck = "DESTRUCTIVE_CHANGE"\nresource = "${resource}"\n` +
        `reason = "replica moved on purpose (OPS-7)"\n`
      ).join("\n"));
    const accepted = await generate();
    expect([accepted.error?.message, accepted.err]).toEqual([undefined, expect.any(String)]);
    expect(readRecordedInfra(infra)!.version.accepted_changes?.map((c) => c.reason))
      .toContain("replica moved on purpose (OPS-7)");
  }, 60_000);

  test("node_count 3 → 5 and a region change are refused too", async () => {
    await generate();
    for (const toml of [setKey(exampleToml, "deploy.tigerbeetle", "node_count", "5"),
      setKey(exampleToml, "deploy", "region", "\"us-east-1\"")]) {
      setToml(toml);
      const { error, err } = await generate();
      expect(error?.message).toContain("would destroy or orphan deployed data");
      expect(err).toMatch(/TB_REPLICA_COUNT_CHANGED|DEPLOYMENT_MOVED/);
    }
  }, 60_000);

  test("an edited record is refused (BASELINE_UNVERIFIED), not silently re-recorded", async () => {
    await generate();
    const path = templatePath(infra, "Network");
    writeFileSync(path, readFileSync(path, "utf8").replace("10.0.0.0/16", "10.9.0.0/16"));
    const { error, err } = await generate();
    expect(error?.message).toContain("the record of the last generate could not be read or " +
      `verified (${path} does not match`);
    expect(error?.hint).toContain("--accept-destructive");
    expect(err).toContain(`BASELINE_UNVERIFIED (critical) (project): ${path} does not match`);
  }, 60_000);

  test("a record that is a FIFO or a folder is refused at once as unreadable, not waited on",
    async () => {
      await generate();
      const record = join(infra, ".dazzle-infra-version.json");
      for (const [kind, make] of [["named pipe (FIFO)", () => mkfifo(record)], ["folder",
        () => mkdirSync(record)]] as const) {
        rmSync(record, { recursive: true, force: true });
        make();
        const { error } = await generate();
        expect(error?.message).toContain("the record of the last generate could not be read " +
          `or verified (${record} is a ${kind}, not a regular file)`);
      }
    }, 60_000);
});

function mkfifo(path: string): void {
  expect(Bun.spawnSync(["mkfifo", path]).exitCode).toBe(0);
}

describe("a second generate while one runs", () => {
  test("is refused with the holder's pid; a lock left by a dead process is taken over",
    async () => {
      await generate();
      const before = snapshot();
      const lock = join(infra, lockFile);
      writeFileSync(lock,
        JSON.stringify({ pid: process.pid, host: hostname(),
          started_at: "2026-11-01T00:00:00.000Z" }));
      const { error } = await generate();
      expect(error?.message).toBe("another `dazzle deploy generate` is writing this infra " +
        `folder (process ${process.pid} on ${hostname()}, since 2026-11-01T00:00:00.000Z)`);
      expect(error?.hint).toContain(`remove ${lock}`);
      rmSync(lock);
      expect(snapshot()).toEqual(before);
      const dead = Bun.spawnSync(["true"]).pid;
      writeFileSync(lock,
        JSON.stringify({ pid: dead, host: hostname(), started_at: "2026-11-01T00:00:00.000Z" }));
      expect((await generate()).error).toBeUndefined();
      expect(existsSync(lock)).toBe(false);
    }, 60_000);
});

describe("bad input", () => {
  test("--out naming a file", async () => {
    writeFileSync(join(project, "notes.txt"), "mine\n");
    const { error } = await generate("--out", "notes.txt");
    expect(error?.message).toBe(`${join(project, "notes.txt")} is a file; dazzle generates ` +
      "the CDK app into a folder (--out DIR)");
    expect(readFileSync(join(project, "notes.txt"), "utf8")).toBe("mine\n");
  });

  test("foreign files in --out are refused without --force, overwritten with it", async () => {
    const out = join(project, "elsewhere");
    mkdirSync(out);
    for (const name of ["README.md", "package.json", "tsconfig.json"]) {
      writeFileSync(join(out, name), `my ${name}\n`);
    }
    const { error } = await generate("--out", out);
    expect(error?.message).toBe(`${out} already has package.json, tsconfig.json, README.md, ` +
      "which dazzle did not generate; nothing was written");
    expect(readdirSync(out).sort()).toEqual([".dazzle", "README.md", "package.json",
      "tsconfig.json"]);
    expect(readFileSync(join(out, "README.md"), "utf8")).toBe("my README.md\n");
    expect((await generate("--out", out, "--force")).error).toBeUndefined();
    expect(readFileSync(join(out, "README.md"), "utf8")).not.toBe("my README.md\n");
  });

  test("lib/custom.ts that is a folder, or a dangling link", async () => {
    mkdirSync(join(infra, "lib", "custom.ts"), { recursive: true });
    expect((await generate()).error?.message).toContain(
      `${join(infra, "lib", "custom.ts")} is a folder; it must be the TypeScript file`,
    );
    rmSync(join(infra, "lib", "custom.ts"), { recursive: true });
    symlinkSync("/nonexistent/custom.ts", join(infra, "lib", "custom.ts"));
    expect((await generate()).error?.message).toContain("is a symbolic link;");
  });

  test("a stored template that is a folder: refused, and named", async () => {
    await generate();
    const path = templatePath(infra, "Compute");
    rmSync(path);
    mkdirSync(path);
    const { error, err } = await generate();
    expect(error).toBeDefined();
    expect(err).toContain(`${path} is a folder, not a regular file`);
  }, 60_000);

  test("a stale manifest entry reached through a symbolic link is never deleted", async () => {
    await generate();
    const outside = join(workspace, `outside-${counter}`);
    mkdirSync(outside);
    writeFileSync(join(outside, "precious.txt"), "keep me\n");
    symlinkSync(outside, join(infra, "evil"));
    const manifest = JSON.parse(readFileSync(join(infra, manifestPath), "utf8")) as string[];
    writeFileSync(join(infra, manifestPath), JSON.stringify([...manifest, "evil/precious.txt"]));
    const { error, err } = await generate();
    expect(error).toBeUndefined();
    expect(readFileSync(join(outside, "precious.txt"), "utf8")).toBe("keep me\n");
    expect(err).toContain("warning: kept evil/precious.txt");
  }, 60_000);
});
