import { describe, expect, test } from "bun:test";
import { locateKeys } from "../../config/toml-key-locator.ts";

/** [dotted path, line, column, endColumn] for every key a user could be pointed at. */
type Expected = readonly [string, number, number, number];

const cases: readonly { name: string; text: string; expected: readonly Expected[] }[] = [
  {
    name: "keys under table headers",
    text: "[deploy]\nregion = \"x\"\n\n[deploy.compute]\n  cpu = 256\n",
    expected: [["deploy", 1, 2, 8], ["deploy.region", 2, 1, 7], ["deploy.compute", 4, 9, 16], [
      "deploy.compute.cpu",
      5,
      3,
      6,
    ]],
  },
  {
    name: "dotted and quoted keys",
    text: "deploy.compute.cpu = 1\n\"deploy\".'tigerbeetle'.\"node_count\" = 3\n",
    expected: [["deploy.compute.cpu", 1, 16, 19], ["deploy.tigerbeetle.node_count", 2, 24, 36]],
  },
  {
    name: "inline tables record nested keys",
    text: "[deploy]\nnetwork = { vpc_cidr = \"10.0.0.0/16\", nat_gateways = 1 }\n",
    expected: [["deploy.network", 2, 1, 8], ["deploy.network.vpc_cidr", 2, 13, 21], [
      "deploy.network.nat_gateways",
      2,
      39,
      51,
    ]],
  },
  {
    name: "equals signs and brackets inside strings are not keys",
    text: "a = \"x = [y]\"\nb = '''\nc = 1\n[d]\n'''\ne = [\n  \"f = 2\", # g = 3\n]\nh = 4\n",
    expected: [["a", 1, 1, 2], ["b", 2, 1, 2], ["e", 6, 1, 2], ["h", 9, 1, 2]],
  },
  {
    name: "comments and escaped quotes",
    text: "# [deploy]\nx = \"a\\\"b = c\" # y = 1\nz = 2\n",
    expected: [["x", 2, 1, 2], ["z", 3, 1, 2]],
  },
  {
    name: "CRLF line endings",
    text: "[deploy]\r\nregion = \"x\"\r\nenabled = true\r\n",
    expected: [["deploy.region", 2, 1, 7], ["deploy.enabled", 3, 1, 8]],
  },
];

describe("the TOML key locator points at each key as written", () => {
  for (const { name, text, expected } of cases) {
    test(name, () => {
      const locations = locateKeys(text, "dazzle.toml");
      for (const [path, line, column, endColumn] of expected) {
        expect({ path, span: locations.get(path) }).toEqual({
          path,
          span: { file: "dazzle.toml", line, column, endLine: line, endColumn },
        });
      }
      const keyPaths = expected.map(([path]) => path);
      const notExpected = [...locations.keys()].filter((path) =>
        !keyPaths.includes(path) && !keyPaths.some((known) => known.startsWith(path + "."))
      );
      expect(notExpected).toEqual([]);
    });
  }
});
