/**
 * The type-check and the linter over one TypeScript program (the test command's "type-check and
 * lint" job):
 *
 *   bun scripts/check-types-and-lint.ts
 *
 * Reports exactly what `tsc --noEmit -p tsconfig.json` and `eslint --max-warnings 0 .` report,
 * and fails when either would. Run apart, both build and type-check the same program from
 * tsconfig.json, which is most of their time; here the linter's type-aware rules get the
 * program the type-check has just checked (typescript-eslint's `programs` option), so a run of
 * the test command does that work once instead of twice on its 2 cores.
 */
import { join } from "node:path";
import { ESLint } from "eslint";
import ts from "typescript";

const projectRoot = join(import.meta.dir, "..");

/** The program of tsconfig.json and its diagnostics, as `tsc --noEmit -p tsconfig.json`. */
function typeCheck(): { program: ts.Program; diagnostics: readonly ts.Diagnostic[] } {
  const configErrors: ts.Diagnostic[] = [];
  const config = ts.getParsedCommandLineOfConfigFile(join(projectRoot, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      configErrors.push(diagnostic);
    },
  });
  if (config === undefined) {
    throw new Error(ts.formatDiagnostics(configErrors, formatHost));
  }
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences ?? [],
    configFileParsingDiagnostics: config.errors,
  });
  return { program, diagnostics: ts.getPreEmitDiagnostics(program) };
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (fileName) => fileName,
  getCurrentDirectory: () => projectRoot,
  getNewLine: () => "\n",
};

/** eslint.config.js as written, with its type-aware parser given `program`. */
async function lint(program: ts.Program): Promise<ESLint.LintResult[]> {
  const configPath = join(projectRoot, "eslint.config.js");
  const configs = (await import(configPath) as { default: Record<string, unknown>[] }).default;
  const withProgram = configs.map((config) => {
    const languageOptions = config["languageOptions"] as
      | { parserOptions?: Record<string, unknown> }
      | undefined;
    if (languageOptions?.parserOptions === undefined) return config;
    // `programs` replaces the project service: the same tsconfig.json, already built.
    const { projectService: _, project: __, ...parserOptions } = languageOptions.parserOptions;
    return { ...config,
      languageOptions: { ...languageOptions,
        parserOptions: { ...parserOptions, programs: [program] } } };
  });
  const eslint = new ESLint({ cwd: projectRoot, overrideConfigFile: true,
    overrideConfig: withProgram });
  return eslint.lintFiles(["."]);
}

async function main(): Promise<number> {
  const { program, diagnostics } = typeCheck();
  if (diagnostics.length > 0) {
    console.log(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
    console.log(`type-check: ${diagnostics.length} error(s)`);
  } else {
    console.log("type-check: no errors");
  }
  const results = await lint(program);
  const problems = results.reduce((sum, result) => sum + result.errorCount + result.warningCount,
    0);
  const formatter = await new ESLint({ cwd: projectRoot }).loadFormatter("stylish");
  const report = await formatter.format(results);
  if (report.trim() !== "") console.log(report);
  console.log(`lint: ${problems} problem(s) in ${results.length} files`);
  return diagnostics.length === 0 && problems === 0 ? 0 : 1;
}

if (import.meta.main) process.exit(await main());
