/**
 * The app must have an image to run. Without a Dockerfile or `image` the service is created with
 * no tasks (plan/compute.ts), which deploys, but serves nothing: fine to try out the stacks, not
 * for prod.
 */
import { noAppImageRemedy } from "../../plan/index.ts";
import { literalNumber, resourcesOf } from "../template.ts";
import type { Rule } from "../types.ts";

export const appImageMissing: Rule = {
  id: "APP_IMAGE_MISSING",
  severity: "warn",
  severityVaries: "high in prod",
  title: "The app has no container image, so its service runs no tasks",
  remediation: `${noAppImageRemedy[0]!.toUpperCase()}${noAppImageRemedy.slice(1)}.`,
  check(input) {
    if (input.aws.compute.image.source !== "none") return [];
    const services = resourcesOf(input.stacks, "AWS::ECS::Service");
    const idle = services.filter((service) =>
      literalNumber(service.resource.Properties?.["DesiredCount"]) === 0
    );
    return (idle.length > 0 ? idle : [undefined]).map((service) => ({
      ...(service ? { stack: service.stack, logicalId: service.logicalId } : {}),
      // Prod must serve: an app that cannot start there is a blocking finding.
      ...(input.config.environment === "prod" ? { severity: "high" as const } : {}),
      message: `neither a Dockerfile nor [deploy.compute] image is configured: service ` +
        `${input.aws.compute.serviceName} is deployed with 0 tasks and serves nothing`,
    }));
  },
};
