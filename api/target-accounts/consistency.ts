import { MIN_EXTERNAL_ID_LENGTH } from '../../contracts/records/target-account';
import type { SchemaErrorDetail } from '../../lib/errors';
import { invalidInput } from '../../lib/validation';

interface AccessSettings {
  readonly accountId: string;
  readonly roleArn: string | null;
  readonly externalId: string | null;
}

/**
 * Rules across fields that a schema cannot state. Closed by default: only the
 * hub account (the one the orchestrator runs in) goes without a role, and
 * every other account's role is assumed with an ExternalId of at least 16
 * characters, so a role that trusts the hub without demanding one is never
 * used. When the hub account is unknown (HUB_ACCOUNT_ID unset, a deployment
 * defect), no account may go without a role: otherwise any account id could
 * be registered without one and the hub's own instances relabelled to it.
 */
export function assertConsistentAccess(settings: AccessSettings, hubAccountId: string | undefined): void {
  const details: SchemaErrorDetail[] = [];
  if (settings.roleArn !== null) {
    const roleAccount = settings.roleArn.split(':')[4];
    if (roleAccount !== settings.accountId) {
      details.push({ path: '/body/roleArn', message: `must be a role in account ${settings.accountId}, not ${roleAccount}` });
    }
    if (settings.externalId === null) {
      details.push({ path: '/body/externalId', message: 'is required with a role: the role must demand an sts:ExternalId' });
    } else if (settings.externalId.length < MIN_EXTERNAL_ID_LENGTH) {
      // Reached by an update that keeps a value stored before the rule existed.
      details.push({ path: '/body/externalId', message: `must have at least ${MIN_EXTERNAL_ID_LENGTH} characters; set a new one in the role's trust policy and here` });
    }
  } else {
    if (hubAccountId === undefined) {
      details.push({ path: '/body/roleArn', message: 'is required: the hub account is not configured (HUB_ACCOUNT_ID), so every account needs a role' });
    } else if (settings.accountId !== hubAccountId) {
      details.push({ path: '/body/roleArn', message: `may be null only for the hub account ${hubAccountId}; other accounts need a role to assume` });
    }
    if (settings.externalId !== null) {
      details.push({ path: '/body/externalId', message: 'must be null when roleArn is null: an ExternalId is only sent with AssumeRole' });
    }
  }
  if (details.length > 0) throw invalidInput('Invalid request', details);
}
