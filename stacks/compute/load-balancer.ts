/**
 * The public Application Load Balancer in front of the service: HTTPS with an HTTP → HTTPS
 * redirect when a certificate is configured, plain HTTP otherwise; access logs to S3.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib/core";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as ecs from "aws-cdk-lib/aws-ecs";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import type { ComputeSpec } from "../../ir/aws-requirements.ts";
import { toRemovalPolicy } from "../removal-policy.ts";
import { createAccessLogBucket } from "../access-log-bucket.ts";

/** Connection draining before a task is stopped. */
const deregistrationDelaySeconds = 30;
const accessLogRetentionDays = 90;

export function createLoadBalancer(
  scope: Construct,
  spec: ComputeSpec,
  vpc: ec2.IVpc,
  securityGroup: ec2.ISecurityGroup,
  service: ecs.FargateService,
) {
  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, "LoadBalancer", {
    vpc,
    internetFacing: true,
    securityGroup,
    vpcSubnets: { subnets: vpc.publicSubnets },
    dropInvalidHeaderFields: true,
  });
  loadBalancer.logAccessLogs(createLoadBalancerLogBucket(scope, spec), "alb");
  // Ingress rules live in the Network stack (`open: false`): one place to review them.
  const listener = spec.https
    ? loadBalancer.addListener("Https", {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      open: false,
      certificates: [elbv2.ListenerCertificate.fromArn(spec.https.certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    })
    : loadBalancer.addListener("Http", { port: 80, protocol: elbv2.ApplicationProtocol.HTTP,
      open: false });
  if (spec.https) {
    loadBalancer.addRedirect({ sourcePort: 80, sourceProtocol: elbv2.ApplicationProtocol.HTTP,
      targetPort: 443, targetProtocol: elbv2.ApplicationProtocol.HTTPS, open: false });
  }
  const targetGroup = listener.addTargets("App", {
    port: spec.containerPort,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targets: [service],
    healthCheck: { path: spec.healthCheckPath, healthyHttpCodes: "200-399" },
    deregistrationDelay: Duration.seconds(deregistrationDelaySeconds),
  });
  return { loadBalancer, listener, targetGroup };
}

function createLoadBalancerLogBucket(scope: Construct, spec: ComputeSpec): s3.Bucket {
  return createAccessLogBucket(scope, "LoadBalancerAccessLogs", {
    retentionDays: accessLogRetentionDays,
    noncurrentVersionRetentionDays: 7,
    removalPolicy: toRemovalPolicy(spec.removalPolicy) === RemovalPolicy.RETAIN
      ? RemovalPolicy.RETAIN :
      RemovalPolicy.DESTROY,
    source: "the load balancer",
  });
}
