/**
 * Session policies passed to AssumeRole: the session may do only what both
 * the role and the session policy allow (IAM User Guide, "Session policies").
 * The estate's roles allow every operation it models, so the session policy
 * alone decides here. It judges actions only: a statement whose Resource is
 * not "*", or with a Condition or NotAction, is not modelled and refused, so
 * the estate never allows what AWS would deny.
 */
import { SimError } from '../errors';

/** What a session may do: action patterns (`drs:Describe*`) of Allow and Deny statements. */
export interface SessionPolicy {
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

/** The plaintext limit AWS documents for an inline session policy. */
const MAX_POLICY_CHARACTERS = 2048;

const malformed = (detail: string) => new SimError('MalformedPolicyDocument', 400, `Syntax errors in policy: ${detail}`);

/** Parses AssumeRole's Policy parameter; throws the STS error AWS answers for a policy it cannot use. */
export function parseSessionPolicy(document: string): SessionPolicy {
  if (document.length > MAX_POLICY_CHARACTERS) {
    // AWS checks the plaintext length and a packed size; the estate checks the plaintext only.
    throw new SimError('PackedPolicyTooLarge', 400, `The inline session policy exceeds ${MAX_POLICY_CHARACTERS} characters`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformed('not JSON');
  }
  const statements = (parsed as { Statement?: unknown })?.Statement;
  const list = Array.isArray(statements) ? statements : statements && typeof statements === 'object' ? [statements] : undefined;
  if (!list) throw malformed('no Statement');
  const allow: string[] = [];
  const deny: string[] = [];
  for (const statement of list as Array<Record<string, unknown>>) {
    if (statement.NotAction !== undefined || statement.NotResource !== undefined || statement.Condition !== undefined) {
      throw new SimError('NotImplemented', 501, 'The simulated estate models session policies with Action and Resource "*" only');
    }
    const resources = [statement.Resource].flat();
    if (!resources.every((r) => r === '*')) {
      throw new SimError('NotImplemented', 501, 'The simulated estate models session policies with Resource "*" only');
    }
    const actions = [statement.Action].flat();
    if (actions.length === 0 || !actions.every((a): a is string => typeof a === 'string' && /^([a-z0-9-]+:[A-Za-z0-9*?]+|\*)$/.test(a))) {
      throw malformed('Action must be service:Action patterns');
    }
    if (statement.Effect === 'Allow') allow.push(...actions);
    else if (statement.Effect === 'Deny') deny.push(...actions);
    else throw malformed('Effect must be Allow or Deny');
  }
  return { allow, deny };
}

function matches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(action);
}

/** Whether the session policy lets the session call `action` (`drs:DescribeSourceServers`): an explicit Deny wins, then it needs an Allow. */
export function sessionPolicyAllows(policy: SessionPolicy, action: string): boolean {
  if (policy.deny.some((p) => matches(p, action))) return false;
  return policy.allow.some((p) => matches(p, action));
}
