/**
 * AssumeRole session policies. A session's permissions are the intersection
 * of the role's policies and the session policy passed to AssumeRole (IAM
 * User Guide, "Session policies"), so a caller that only reads can carry a
 * target account's role without its write power.
 */

/**
 * The read verbs of the services the orchestrator reads in target accounts.
 * Verb patterns, not a list of actions: the role policy already names each
 * action (least privilege per action); the session policy caps the kind, so a
 * read route added later needs no change here and can still never write.
 */
export const READ_ONLY_ACTION_PATTERNS: readonly string[] = ['drs:Describe*', 'drs:Get*', 'drs:List*', 'ec2:Describe*'];

/** An IAM policy document allowing `actions` on any resource, as AssumeRole's Policy parameter takes it (JSON, at most 2,048 characters). */
export function sessionPolicyAllowing(actions: readonly string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [...actions], Resource: '*' }] });
}

/** The session policy of the API's read function (decision: reads and writes apart). */
export const READ_ONLY_SESSION_POLICY = sessionPolicyAllowing(READ_ONLY_ACTION_PATTERNS);
