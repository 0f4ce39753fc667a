/** Security groups open to the whole internet on ports that must never be. */
import { coversPort, describePorts, ingressRules, isWorld } from "../ingress.ts";
import { tigerBeetleSecurityGroups } from "../tigerbeetle-resources.ts";
import type { FindingDraft, Rule } from "../types.ts";

/** Admin and database ports: remote shells, and data stores that have no business in public. */
const sensitivePorts: Readonly<Record<number, string>> = {
  22: "SSH",
  3389: "RDP",
  5985: "WinRM",
  5986: "WinRM",
  5432: "PostgreSQL",
  3306: "MySQL",
  1433: "SQL Server",
  1521: "Oracle",
  27017: "MongoDB",
  6379: "Redis",
  11211: "Memcached",
  9200: "Elasticsearch",
  9042: "Cassandra",
  2375: "Docker",
};

export const worldOpenSensitivePort: Rule = {
  id: "SG_WORLD_OPEN_ADMIN_PORT",
  severity: "high",
  title: "Security group open to the internet on an admin or database port",
  remediation: "Remove the 0.0.0.0/0 or ::/0 rule; use SSM Session Manager instead of SSH/RDP, " +
    "and allow database ports only from the app's security group.",
  check(input) {
    // TigerBeetle's groups are judged, more strictly, by TB_PUBLIC_ACCESS.
    const tigerBeetle = new Set(tigerBeetleSecurityGroups(input.stacks)
      .map((g) => `${g.stack}/${g.logicalId}`));
    return ingressRules(input.stacks).flatMap((rule): FindingDraft[] => {
      if (!isWorld(rule) || tigerBeetle.has(`${rule.group.stack}/${rule.group.logicalId}`)) {
        return [];
      }
      const ports = Object.keys(sensitivePorts).map(Number)
        .filter((port) => coversPort(rule, port));
      if (ports.length === 0) return [];
      const named = rule.protocol === "all" ?
        "every port" :
        ports.map((port) => `${port} (${sensitivePorts[port]})`).join(", ");
      return [{
        stack: rule.declaredIn.stack,
        logicalId: rule.declaredIn.logicalId,
        message: `security group ${rule.group.logicalId} allows ${describePorts(rule)} from ` +
          `${rule.cidr}: ${named} reachable from the internet`,
      }];
    });
  },
};
