/** `import path from "x.wasm" with { type: "file" }`: Bun gives the file's path (embedded in
 * a compiled binary, on disk otherwise). */
declare module "*.wasm" {
  const path: string;
  export default path;
}
