import { AwsClientFactory } from '../lib/aws/clients';
import { EnvNames, requireEnv } from '../lib/config';
import { TargetAccountRepository } from '../lib/repositories/target-accounts';

/**
 * What route handlers reach the world through. Tests and the local platform
 * pass their own; the Lambda builds the default once per process.
 */
export interface ApiDeps {
  readonly targetAccounts: TargetAccountRepository;
  /** The one door to target accounts (DESIGN rule 9). */
  readonly awsClients: AwsClientFactory;
  /** The account the orchestrator runs in; the only one whose roleArn may be null. Unknown when unset. */
  readonly hubAccountId: string | undefined;
  readonly now: () => Date;
}

/**
 * The deps the Lambda uses, created once per process. Repositories are built
 * on first use so that GET /health answers even when a table variable is
 * missing, while any route that needs the table fails loudly (500, logged).
 */
export function defaultApiDeps(): ApiDeps {
  let targetAccounts: TargetAccountRepository | undefined;
  return {
    get targetAccounts() {
      targetAccounts ??= new TargetAccountRepository(requireEnv(EnvNames.TargetAccountTable));
      return targetAccounts;
    },
    awsClients: new AwsClientFactory({ roleSessionName: 'drs-orchestrator-api' }),
    hubAccountId: process.env[EnvNames.HubAccountId] || undefined,
    now: () => new Date(),
  };
}
