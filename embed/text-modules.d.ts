/** `import text from "x.dsl" with { type: "text" }`: Bun inlines the file as a string. */
declare module "*.dsl" {
  const text: string;
  export default text;
}
