import { InputValidationError, type SchemaErrorDetail } from '../../lib/errors';

interface AccessSettings {
  readonly accountId: string;
  readonly roleArn: string | null;
  readonly externalId: string | null;
}

/**
 * Rules across fields that a schema cannot state: the role must live in the
 * account it serves, only the hub account goes without a role, and an
 * ExternalId needs a role to be sent with.
 */
export function assertConsistentAccess(settings: AccessSettings, hubAccountId: string | undefined): void {
  const details: SchemaErrorDetail[] = [];
  if (settings.roleArn !== null) {
    const roleAccount = settings.roleArn.split(':')[4];
    if (roleAccount !== settings.accountId) {
      details.push({ path: '/body/roleArn', message: `must be a role in account ${settings.accountId}, not ${roleAccount}` });
    }
  } else {
    if (hubAccountId !== undefined && settings.accountId !== hubAccountId) {
      details.push({ path: '/body/roleArn', message: `may be null only for the hub account ${hubAccountId}; other accounts need a role to assume` });
    }
    if (settings.externalId !== null) {
      details.push({ path: '/body/externalId', message: 'must be null when roleArn is null: an ExternalId is only sent with AssumeRole' });
    }
  }
  if (details.length > 0) throw new InputValidationError(`Invalid request: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details);
}
