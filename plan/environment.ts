/**
 * Per-environment choices that are not dazzle.toml keys. Dev is disposable (resources are
 * destroyed with the stack so a trial deploy leaves nothing behind); staging and prod keep data.
 */
import type { Environment } from "../ir/deploy-config.ts";
import type { RemovalPolicyName } from "../ir/aws-requirements.ts";

/** `keep` outside dev, `destroy` in dev. */
export function removalPolicyFor(
  environment: Environment,
  keep: Exclude<RemovalPolicyName, "destroy">,
): RemovalPolicyName {
  return environment === "dev" ? "destroy" : keep;
}
