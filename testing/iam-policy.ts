/**
 * What a role in a synthesized template may do, for tests: its policy statements, and IAM's
 * matching of an action and a resource ARN against them (wildcards `*`, any run of characters,
 * `/` included, and `?`, one character; actions case-insensitively). So a test asks "may
 * replica 1's role delete this parameter?" of the template itself, not of a string in it.
 *
 * Deliberately small: Allow statements with Action and Resource only. A Deny, NotAction or
 * NotResource throws (this evaluator would misjudge it), and a statement's Condition is taken
 * as met, so a "may not" answer never rests on a condition.
 */

type Json = Record<string, unknown>;

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** The account, region and partition pseudo parameters resolve to, and ARNs are built with. */
export interface ArnContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

const pseudoParameters = {
  "AWS::Partition": (context: ArnContext) => context.partition,
  "AWS::Region": (context: ArnContext) => context.region,
  "AWS::AccountId": (context: ArnContext) => context.account,
} as const;

/** Every statement of the policies attached to a role (inline ones included). */
export function statementsOfRole(template: Json, roleLogicalId: string): PolicyStatement[] {
  const resources = (template.Resources ?? {}) as Record<string, Json>;
  const role = resources[roleLogicalId] as { Type?: string; Properties?: Json } | undefined;
  if (role?.Type !== "AWS::IAM::Role") throw new Error(`${roleLogicalId} is not a role`);
  const documents = ((role.Properties?.Policies ?? []) as { PolicyDocument: Json }[])
    .map((policy) => policy.PolicyDocument);
  for (const resource of Object.values(resources)) {
    const properties = (resource.Properties ?? {}) as Json;
    const roles = (properties.Roles ?? []) as unknown[];
    if (resource.Type === "AWS::IAM::Policy" &&
      roles.some((entry) => (entry as Json | undefined)?.Ref === roleLogicalId)) {
      documents.push(properties.PolicyDocument as Json);
    }
  }
  const statements = documents.flatMap((document) =>
    [document.Statement].flat() as PolicyStatement[]
  );
  for (const statement of statements) {
    const unsupported = ["NotAction", "NotResource"].filter((key) => key in statement);
    if (statement.Effect !== "Allow" || unsupported.length > 0) {
      throw new Error(`statement not modelled here: ${JSON.stringify(statement)}`);
    }
  }
  return statements;
}

/** The role a launch template's instance profile gives its instances. */
export function roleOfLaunchTemplate(template: Json,
  launchTemplate: { readonly Properties?: Json }): string {
  const data = launchTemplate.Properties?.LaunchTemplateData as
    | Json
    | undefined;
  const profileArn = (data?.IamInstanceProfile as Json | undefined)?.Arn as Json | undefined;
  const profileId = (profileArn?.["Fn::GetAtt"] as string[] | undefined)?.[0];
  const resources = (template.Resources ?? {}) as Record<string, Json>;
  const profile = profileId === undefined ? undefined : resources[profileId];
  const roles = ((profile?.Properties as Json | undefined)?.Roles ?? []) as Json[];
  const roleId = roles.length === 1 ? roles[0]!.Ref : undefined;
  if (typeof roleId !== "string") throw new Error("launch template: no single instance role");
  return roleId;
}

/** `arn:{partition}:ssm:{region}:{account}:parameter{name}` (names start with `/`). */
export function parameterArn(name: string, context: ArnContext): string {
  return `arn:${context.partition}:ssm:${context.region}:${context.account}:parameter${name}`;
}

/** Whether some statement allows `action` on `resourceArn`. */
export function allows(statements: readonly PolicyStatement[], action: string, resourceArn: string,
  context: ArnContext): boolean {
  return statements.some((statement) =>
    [statement.Action].flat().some((pattern) => wildcardMatches(pattern, action, true)) &&
    [statement.Resource].flat().some((resource) =>
      wildcardMatches(resolve(resource, context), resourceArn, false)
    )
  );
}

/** A template value as text: pseudo parameters resolved, other references left unmatched. */
function resolve(value: unknown, context: ArnContext): string {
  if (typeof value === "string") return value;
  const json = value as Json;
  if (typeof json?.Ref === "string") {
    const pseudo = pseudoParameters[json.Ref as keyof typeof pseudoParameters];
    return pseudo ? pseudo(context) : `<Ref ${json.Ref}>`;
  }
  const join = json?.["Fn::Join"] as [string, unknown[]] | undefined;
  if (join) return join[1].map((part) => resolve(part, context)).join(join[0]);
  return `<${JSON.stringify(value)}>`;
}

function wildcardMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = [...pattern].map((character) =>
    character === "*" ?
      ".*" :
      character === "?" ?
      "." :
      character.replace(/[.+^${}()|[\]\\]/g, "\\$&")
  ).join("");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}
