// The linter, run by the test command (scripts/test.ts) over every TypeScript file the compiler
// sees (tsconfig.json). Type-aware rules only where the compiler alone cannot tell: a promise
// nobody awaits, a switch that forgets a case, a name nobody uses.
import tseslint from "typescript-eslint";

export default [
  {
    ignores: ["node_modules/", "dist/", "grammar/", "infra/", "**/cdk.out/", ".test-results/",
      "**/*.js", "**/*.cjs", "**/*.mjs"],
  },
  {
    files: ["**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", {
        considerDefaultExhaustiveForUnions: true,
        requireDefaultForNonUnion: false,
      }],
      "@typescript-eslint/no-unused-vars": ["error", {
        argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none",
      }],
    },
  },
];
