/** The closing line of scripts/test.ts comes from the JUnit report bun writes. */
import { expect, test } from "bun:test";
import { countJunit } from "../../scripts/test.ts";

test("passed = tests - failures - skipped, read from the root <testsuites> element", () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="bun test" tests="48" assertions="147" failures="2" skipped="3" time="0.06">
  <testsuite name="a.test.ts" tests="9" failures="1" skipped="0">
  </testsuite>
</testsuites>`;
  expect(countJunit(xml)).toEqual({ passed: 43, failed: 2, skipped: 3 });
});

test("no report (bun crashed before writing it) counts nothing", () => {
  expect(countJunit("")).toEqual({ passed: 0, failed: 0, skipped: 0 });
});
