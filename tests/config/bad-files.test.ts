/**
 * The dazzle.toml errors a user can make, as a table (typescript-eslint style): each bad file,
 * and every diagnostic it must produce with its code, position, message and hint.
 */
import { describe, expect, test } from "bun:test";
import { parseDeployConfig } from "../../config/index.ts";

interface ExpectedDiagnostic {
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint?: string;
}

const cases: readonly { name: string; toml: string; errors: readonly ExpectedDiagnostic[] }[] = [
  {
    name: "TOML syntax error",
    toml: "[deploy]\nregion = \n",
    errors: [{ code: "config/syntax", line: 2, column: 10,
      message: "dazzle.toml is not valid TOML: invalid value",
      hint: "see https://toml.io for the syntax" }],
  },
  {
    name: "unknown key with a suggestion",
    toml: "[deploy.tigerbeetle]\nvolume_iop = 5000\n",
    errors: [{ code: "config/unknownKey", line: 2, column: 1,
      message: "unknown key 'deploy.tigerbeetle.volume_iop' in [deploy.tigerbeetle]",
      hint: "did you mean 'volume_iops'?" }],
  },
  {
    name: "unknown table without a close match lists the valid keys",
    toml: "[deploy.kubernetes]\nnodes = 3\n",
    errors: [{ code: "config/unknownKey", line: 1, column: 9,
      message: "unknown key 'deploy.kubernetes' in [deploy]",
      hint: "valid keys here: enabled, environment, region, account, network, compute, " +
        "database, tigerbeetle, observability, secrets, environments" }],
  },
  {
    name: "unknown top-level table",
    toml: "[deplyo]\nregion = \"us-east-1\"\n",
    errors: [{ code: "config/unknownKey", line: 1, column: 2,
      message: "unknown key 'deplyo' in the top level", hint: "did you mean 'deploy'?" }],
  },
  {
    name: "wrong type: string where an integer belongs",
    toml: "[deploy.compute]\ncpu = 512\nmemory = \"1024\"\n",
    errors: [{ code: "config/wrongType", line: 3, column: 1,
      message: "'deploy.compute.memory' must be an integer, but it is a string (\"1024\")" }],
  },
  {
    name: "wrong type: a float is not an integer",
    toml: "[deploy.tigerbeetle]\nnode_count = 3.0\n",
    errors: [{ code: "config/wrongType", line: 2, column: 1,
      message: "'deploy.tigerbeetle.node_count' must be an integer, but it is a float (3)" }],
  },
  {
    name: "wrong type: a value where a table belongs",
    toml: "[deploy]\ncompute = 4\n",
    errors: [{ code: "config/wrongType", line: 2, column: 1,
      message: "'deploy.compute' must be a table ([deploy.compute]), but it is an integer (4)" }],
  },
  {
    name: "environment outside dev, staging, prod",
    toml: "[deploy]\nenvironment = \"prd\"\n",
    errors: [{ code: "config/invalidValue", line: 2, column: 1,
      message: "'deploy.environment' must be one of dev, staging, prod, but it is \"prd\"",
      hint: "did you mean \"prod\"?" }],
  },
  {
    name: "malformed region",
    toml: "[deploy]\nregion = \"US East\"\n",
    errors: [{ code: "config/invalidValue", line: 2, column: 1,
      message: "'deploy.region' must be an AWS region like \"us-east-1\", but it is \"US East\"" }],
  },
  {
    name: "TigerBeetle node count above 6",
    toml: "[deploy.tigerbeetle]\nnode_count = 7\n",
    errors: [{ code: "config/outOfRange", line: 2, column: 1,
      message: "'deploy.tigerbeetle.node_count' must be between 1 and 6, but it is 7" }],
  },
  {
    name: "volume too small",
    toml: "[deploy.tigerbeetle]\nvolume_size_gb = 20\n",
    errors: [{ code: "config/outOfRange", line: 2, column: 1,
      message: "'deploy.tigerbeetle.volume_size_gb' must be between 50 and 1000, but it is 20" }],
  },
  {
    name: "IOPS above the gp3 maximum",
    toml: "[deploy.tigerbeetle]\nvolume_size_gb = 1000\nvolume_iops = 90000\n",
    errors: [{ code: "config/outOfRange", line: 3, column: 1,
      message: "'deploy.tigerbeetle.volume_iops' must be between 3000 and 80000, " +
        "but it is 90000" }],
  },
  {
    name: "IOPS above 500 per GiB of volume",
    toml: "[deploy.tigerbeetle]\nvolume_size_gb = 50\nvolume_iops = 30000\n",
    errors: [{ code: "config/invalidCombination", line: 3, column: 1,
      message: "gp3 allows at most 500 IOPS per GiB: 50 GiB allows 25000 IOPS, but volume_iops " +
        "is 30000", hint: "raise volume_size_gb to at least 60" }],
  },
  {
    name: "throughput above 0.25 MiB/s per IOPS",
    toml: "[deploy.tigerbeetle]\nvolume_iops = 3000\nvolume_throughput = 1000\n",
    errors: [{ code: "config/invalidCombination", line: 3, column: 1,
      message: "gp3 allows at most 0.25 MiB/s per IOPS: 3000 IOPS allow 750 MiB/s, but " +
        "volume_throughput is 1000", hint: "raise volume_iops to at least 4000" }],
  },
  {
    name: "Fargate cpu/memory pair that does not exist",
    toml: "[deploy.compute]\ncpu = 256\nmemory = 4096\n",
    errors: [{ code: "config/invalidCombination", line: 3, column: 1,
      message: "Fargate has no task size with cpu = 256 and memory = 4096",
      hint: "with cpu = 256, memory must be one of 512, 1024, 2048" }],
  },
  {
    name: "Fargate cpu that does not exist",
    toml: "[deploy.compute]\ncpu = 300\n",
    errors: [{ code: "config/invalidValue", line: 2, column: 1,
      message: "'deploy.compute.cpu' must be one of 256, 512, 1024, 2048, 4096, 8192, 16384, " +
        "but it is 300" }],
  },
  {
    name: "no tasks in prod",
    toml: "[deploy]\nenvironment = \"prod\"\n[deploy.compute]\ndesired_count = 0\n",
    errors: [{ code: "config/invalidCombination", line: 4, column: 1,
      message: "'deploy.compute.desired_count' must be at least 1 in prod, but it is 0" }],
  },
  {
    name: "domain without a certificate",
    toml: "[deploy.compute]\ndomain = \"api.example.com\"\n",
    errors: [{ code: "config/invalidCombination", line: 2, column: 1,
      message: "'deploy.compute.domain' is set but 'deploy.compute.certificate_arn' is not: " +
        "HTTPS needs both", hint: "add certificate_arn to [deploy.compute], or remove domain" }],
  },
  {
    name: "certificate from another region",
    toml: "[deploy]\nregion = \"eu-west-2\"\n[deploy.compute]\ndomain = \"api.example.com\"\n" +
      "certificate_arn = \"arn:aws:acm:us-east-1:123456789012:certificate/abc-123\"\n",
    errors: [{ code: "config/invalidCombination", line: 5, column: 1,
      message: "the certificate is in us-east-1 but the load balancer is in eu-west-2",
      hint: "a load balancer can only use an ACM certificate from its own region" }],
  },
  {
    name: "secret reference without a scheme",
    toml: "[deploy.secrets]\napi_key = \"myapp/api-key\"\n",
    errors: [{ code: "config/invalidSecretReference", line: 2, column: 1,
      message: "'deploy.secrets.api_key' = \"myapp/api-key\" is not a secret reference: it must " +
        "start with \"ssm:\" or \"secretsmanager:\"",
      hint: "write \"ssm:/app/env/name\" (SSM parameter) or \"secretsmanager:app/name\" " +
        "(Secrets Manager)" }],
  },
  {
    name: "SSM reference that is not an absolute path",
    toml: "[deploy.secrets]\ndb_password = \"ssm:myapp/prod/db\"\n",
    errors: [{ code: "config/invalidSecretReference", line: 2, column: 1,
      message: "'deploy.secrets.db_password' = \"ssm:myapp/prod/db\" is not a secret reference: " +
        "an SSM parameter path must start with \"/\" and use letters, digits, _ . - /",
      hint: "write \"ssm:/app/env/name\" (SSM parameter) or \"secretsmanager:app/name\" " +
        "(Secrets Manager)" }],
  },
  {
    name: "two secrets that become the same variable",
    toml: "[deploy.secrets]\napi_key = \"ssm:/a\"\nAPI_KEY = \"ssm:/b\"\n",
    errors: [{ code: "config/invalidSecretReference", line: 3, column: 1,
      message: "secrets 'api_key' and 'API_KEY' both become the variable API_KEY" }],
  },
  {
    name: "cluster id 0 outside dev",
    toml: "[deploy]\nenvironment = \"staging\"\n[deploy.tigerbeetle]\ncluster_id = 0\n",
    errors: [{ code: "config/invalidCombination", line: 4, column: 1,
      message: "'deploy.tigerbeetle.cluster_id' is 0, which TigerBeetle reserves for testing; " +
        "it is allowed only in dev",
      hint: "remove cluster_id to get a stable non-zero id derived from the app and environment" }],
  },
  {
    name: "cluster id beyond u128",
    toml: "[deploy.tigerbeetle]\ncluster_id = \"340282366920938463463374607431768211456\"\n",
    errors: [{ code: "config/outOfRange", line: 2, column: 1,
      message: "'deploy.tigerbeetle.cluster_id' must be a whole number from 0 to 2^128 - 1, " +
        "but it is \"340282366920938463463374607431768211456\"" }],
  },
  {
    name: "log retention CloudWatch does not offer",
    toml: "[deploy.observability]\nlog_retention_days = 10\n",
    errors: [{ code: "config/invalidValue", line: 2, column: 1,
      message: "'deploy.observability.log_retention_days' must be one of 1, 3, 5, 7, 14, 30, 60, " +
        "90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, " +
        "but it is 10" }],
  },
  {
    name: "more NAT gateways than availability zones",
    toml: "[deploy.network]\navailability_zones = 2\nnat_gateways = 3\n",
    errors: [{ code: "config/outOfRange", line: 3, column: 1,
      message: "'deploy.network.nat_gateways' must be between 0 and 2, but it is 3" }],
  },
  {
    name: "availability zone from another region",
    toml: "[deploy]\nregion = \"eu-west-2\"\n[deploy.network]\n" +
      "availability_zones = [\"eu-west-2a\", \"us-east-1b\"]\n",
    errors: [{ code: "config/invalidCombination", line: 4, column: 1,
      message: "'deploy.network.availability_zones' holds \"us-east-1b\", which is not a zone of " +
        "region eu-west-2",
      hint: "zone names are the region followed by a letter, e.g. \"eu-west-2a\"" }],
  },
  {
    name: "VPC range too small for the subnets",
    toml: "[deploy.network]\nvpc_cidr = \"10.0.0.0/24\"\n",
    errors: [{ code: "config/outOfRange", line: 2, column: 1,
      message: "'deploy.network.vpc_cidr' must be an IPv4 CIDR block with a prefix from /16 to " +
        "/20, but it is \"10.0.0.0/24\"" }],
  },
  {
    name: "every mistake in one file is reported, in file order",
    toml: "[deploy]\nenvironment = \"prod\"\n[deploy.compute]\ncpus = 1\ndesired_count = 0\n" +
      "[deploy.tigerbeetle]\nsize = \"r6i.medium\"\n",
    errors: [
      { code: "config/unknownKey", line: 4, column: 1,
        message: "unknown key 'deploy.compute.cpus' in [deploy.compute]",
        hint: "did you mean 'cpu'?" },
      { code: "config/invalidCombination", line: 5, column: 1,
        message: "'deploy.compute.desired_count' must be at least 1 in prod, but it is 0" },
      { code: "config/invalidValue", line: 7, column: 1,
        message: "'deploy.tigerbeetle.size' must be one of t3.medium, r6i.large, r6i.xlarge, " +
          "r6i.2xlarge, but it is \"r6i.medium\"", hint: "did you mean \"t3.medium\"?" },
    ],
  },
];

describe("a malformed dazzle.toml is an error naming file, line, column and key", () => {
  for (const { name, toml, errors } of cases) {
    test(name, () => {
      const result = parseDeployConfig(toml, "dazzle.toml", { dazzleVersion: "0.1.0" });
      expect(result.config).toBeUndefined();
      expect(result.diagnostics.map((d) => ({
        code: d.code,
        line: d.span?.line,
        column: d.span?.column,
        message: d.message,
        ...(d.hint !== undefined ? { hint: d.hint } : {}),
      }))).toEqual([...errors]);
      expect(result.diagnostics.every((d) =>
        d.severity === "error" &&
        d.span?.file === "dazzle.toml"
      )).toBe(true);
    });
  }
});
