/**
 * The README's first command: build the binary and run the main job on the embedded example.
 *
 *   npm ci && node_modules/.bin/bun scripts/demo.ts
 *
 * Builds dist/dazzle, then with that binary only: `init` the example into dist/demo/wallet,
 * `deploy plan` it, `deploy generate` the CDK app and `deploy synth` the templates. Each step's
 * output is shown as a user would see it; the first failing step ends the demo with its code.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";

const projectRoot = join(import.meta.dir, "..");
const binary = join(projectRoot, "dist", "dazzle");
const demoRoot = join(projectRoot, "dist", "demo");
const project = join(demoRoot, "wallet");

/** Never contact real AWS from the demo: the commands shown here are all offline. */
const env = {
  ...process.env,
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ACCESS_KEY_ID: process.env["AWS_ACCESS_KEY_ID"] ?? "testing",
  AWS_SECRET_ACCESS_KEY: process.env["AWS_SECRET_ACCESS_KEY"] ?? "testing",
};

const steps: readonly (readonly string[])[] = [
  [process.execPath, join(projectRoot, "scripts", "build.ts"), "--outfile", binary],
  [binary, "--version"],
  [binary, "init", project],
  [binary, "check", "-p", project],
  [binary, "deploy", "plan", "-p", project],
  [binary, "deploy", "generate", "-p", project],
  [binary, "deploy", "synth", "-p", project],
];

rmSync(demoRoot, { recursive: true, force: true });
for (const step of steps) {
  const shown = step[0] === binary ? ["dazzle", ...step.slice(1)] : ["bun", ...step.slice(1)];
  console.log(`\n$ ${shown.join(" ").replaceAll(projectRoot + "/", "")}`);
  const child = Bun.spawn([...step], { cwd: projectRoot, env, stdout: "inherit",
    stderr: "inherit" });
  const exitCode = await child.exited;
  if (exitCode !== 0) {
    console.log(`\nstep failed with exit code ${exitCode}`);
    process.exit(exitCode);
  }
}
console.log(`\nDone. The example project, its CDK app and templates are in ` +
  `${project.replace(projectRoot + "/", "")}/`);
