/**
 * Reading and merging the JUnit reports that `bun test --reporter=junit` writes, one per test
 * job: the closing line's counts, the names of skipped tests (each says why in its name), and
 * one merged report for whoever reads JUnit.
 */

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function rootElement(xml: string): string {
  return /<testsuites\b[^>]*>/.exec(xml)?.[0] ?? "";
}

function numberAttribute(element: string, name: string): number {
  return Number(new RegExp(`\\b${name}="(\\d+)"`).exec(element)?.[1] ?? "0");
}

/** Totals from the report's root element (bun writes tests/failures/skipped there). */
export function countJunit(xml: string): Counts {
  const root = rootElement(xml);
  const tests = numberAttribute(root, "tests");
  const failed = numberAttribute(root, "failures") + numberAttribute(root, "errors");
  const skipped = numberAttribute(root, "skipped");
  return { passed: tests - failed - skipped, failed, skipped };
}

function unescapeXml(text: string): string {
  return text.replace(/&quot;/g, "\"").replace(/&apos;/g, "'").replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&#10;/g, "\n").replace(/&amp;/g, "&");
}

function testcaseNames(xml: string, child: "skipped" | "failure"): string[] {
  const names: string[] = [];
  const testcase = new RegExp(`<testcase\\b([^>]*)>\\s*<${child}\\b`, "g");
  for (const match of xml.matchAll(testcase)) {
    const attributes = match[1] ?? "";
    const attribute = (name: string) =>
      unescapeXml(new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1] ?? "");
    const suite = attribute("classname");
    names.push(`${attribute("file")}: ${suite ? `${suite} > ` : ""}${attribute("name")}`);
  }
  return names;
}

/** "file: describe > test" for every skipped test; a skipped test's name says why it skips. */
export function skippedTests(xml: string): string[] {
  return testcaseNames(xml, "skipped");
}

/** "file: describe > test" for every failed test. */
export function failedTests(xml: string): string[] {
  return testcaseNames(xml, "failure");
}

/** One report from several: their <testsuite> elements under one root with summed totals. */
export function mergeJunit(reports: readonly string[]): string {
  const totals = { tests: 0, assertions: 0, failures: 0, skipped: 0 };
  let time = 0;
  const bodies: string[] = [];
  for (const xml of reports) {
    const root = rootElement(xml);
    if (root === "") continue;
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) {
      totals[key] += numberAttribute(root, key);
    }
    time += Number(/\btime="([\d.]+)"/.exec(root)?.[1] ?? "0");
    const start = xml.indexOf(root) + root.length;
    const end = xml.lastIndexOf("</testsuites>");
    bodies.push(xml.slice(start, end === -1 ? undefined : end).trim());
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="bun test" tests="${totals.tests}" assertions="${totals.assertions}" ` +
    `failures="${totals.failures}" skipped="${totals.skipped}" time="${time.toFixed(3)}">\n` +
    `${bodies.filter((body) => body !== "").map((body) => `  ${body}\n`).join("")}` +
    `</testsuites>\n`;
}
