/**
 * The tree-sitter parser for `.dsl` files. Both WebAssembly files (web-tree-sitter's runtime and
 * our grammar) are imported as files, so `bun build --compile` embeds them in the binary and
 * nothing is read from node_modules or the build tree at run time.
 */
import { readFileSync } from "node:fs";
import { Language, Parser } from "web-tree-sitter";
import runtimeWasmPath from "web-tree-sitter/web-tree-sitter.wasm" with { type: "file" };
import grammarWasmPath from "../grammar/dazzle.wasm" with { type: "file" };

let languagePromise: Promise<Language> | undefined;

/** Loads the runtime and the grammar once per process; later calls share the result. */
function loadDazzleLanguage(): Promise<Language> {
  languagePromise ??= initLanguage();
  return languagePromise;
}

async function initLanguage(): Promise<Language> {
  await Parser.init({ locateFile: () => runtimeWasmPath });
  return Language.load(new Uint8Array(readFileSync(grammarWasmPath)));
}

/** A fresh parser for the Dazzle language. The caller owns it and calls `delete()`. */
export async function createDazzleParser(): Promise<Parser> {
  const language = await loadDazzleLanguage();
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
