/**
 * What a production deployment must not lack: TLS on its public load balancer (without a
 * `domain`, users' sessions and data cross the internet in plain HTTP), and someone who
 * receives its alarms (without `alarm_email`, the alarm topic has no subscriber).
 */
import { configSpan } from "../sources.ts";
import { literalString, property, referencedLogicalId, resourcesOf } from "../template.ts";
import type { FindingDraft, PreflightInput, Rule } from "../types.ts";

function isProd(input: PreflightInput): boolean {
  return input.config.environment === "prod";
}

/** A listener's default actions: forwards in plain HTTP, or only redirects to HTTPS? */
function forwardsPlainHttp(listener: Record<string, unknown>): boolean {
  if (literalString(listener["Protocol"]) !== "HTTP") return false;
  const actions = Array.isArray(listener["DefaultActions"]) ? listener["DefaultActions"] : [];
  return actions.some((action) => {
    const record = action as { Type?: unknown; RedirectConfig?: { Protocol?: unknown } };
    return !(record.Type === "redirect" && record.RedirectConfig?.Protocol === "HTTPS");
  });
}

export const publicPlainHttp: Rule = {
  id: "APP_PLAIN_HTTP",
  severity: "high",
  title: "Production app served over plain HTTP (no `domain`)",
  remediation: "Set `domain` and `certificate_arn` (an ACM certificate for that domain in the " +
    "stack's region) in [deploy.compute]: the load balancer then serves HTTPS and redirects " +
    "HTTP to it.",
  check(input) {
    if (!isProd(input)) return [];
    const publicBalancers = new Set(
      resourcesOf(input.stacks, "AWS::ElasticLoadBalancingV2::LoadBalancer")
        .filter((balancer) => literalString(property(balancer.resource, "Scheme")) !== "internal")
        .map((balancer) => `${balancer.stack}/${balancer.logicalId}`),
    );
    return resourcesOf(input.stacks, "AWS::ElasticLoadBalancingV2::Listener")
      .filter((listener) => {
        const balancer = referencedLogicalId(property(listener.resource, "LoadBalancerArn"));
        return balancer !== undefined && publicBalancers.has(`${listener.stack}/${balancer}`) &&
          forwardsPlainHttp(listener.resource.Properties ?? {});
      })
      .map((listener): FindingDraft => {
        const span = configSpan(input, "deploy.compute.domain") ??
          configSpan(input, "deploy.environment");
        return {
          stack: listener.stack,
          logicalId: listener.logicalId,
          ...(span ? { span } : {}),
          message: "the prod load balancer is public and serves the app over plain HTTP on " +
            `port ${String(property(listener.resource, "Port") ?? "?")}: sessions, tokens and ` +
            "data cross the internet unencrypted",
        };
      });
  },
};

export const alarmsUnrouted: Rule = {
  id: "ALARMS_UNROUTED",
  severity: "warn",
  title: "Production alarms reach nobody (no `alarm_email`)",
  remediation: "Set `alarm_email` in [deploy.observability] (or subscribe your paging tool " +
    "to the alarm topic yourself and acknowledge this finding).",
  check(input) {
    if (!isProd(input)) return [];
    const subscribed = new Set(resourcesOf(input.stacks, "AWS::SNS::Subscription")
      .map((subscription) => referencedLogicalId(property(subscription.resource, "TopicArn")))
      .filter((topic) => topic !== undefined));
    return resourcesOf(input.stacks, "AWS::SNS::Topic")
      .filter((topic) =>
        /alarm/i.test(topic.logicalId) && !subscribed.has(topic.logicalId) &&
        !(Array.isArray(property(topic.resource, "Subscription")) &&
          (property(topic.resource, "Subscription") as unknown[]).length > 0)
      )
      .map((topic): FindingDraft => {
        const span = configSpan(input, "deploy.environment");
        return {
          stack: topic.stack,
          logicalId: topic.logicalId,
          ...(span ? { span } : {}),
          message: "the alarm topic has no subscriber: a TigerBeetle replica down, a full data " +
            "volume or a failing app would alarm, and nobody would be told",
        };
      });
  },
};
