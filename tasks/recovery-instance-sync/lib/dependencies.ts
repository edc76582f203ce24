import { EnvNames, requireEnv } from '../../../lib/config';
import { AwsClientFactory } from '../../../lib/aws/clients';
import { processClock } from '../../../lib/clock';
import { RecoveryInstanceRepository } from '../../../lib/repositories/recovery-instances';
import { RecoveryJobRepository } from '../../../lib/repositories/recovery-jobs';
import { TargetAccountRepository } from '../../../lib/repositories/target-accounts';
import type { SyncDependencies } from './sync-servers';

let shared: SyncDependencies | undefined;

/** Created on first use and kept for the life of the function instance, so credentials and sockets are reused. */
export function syncDependencies(): SyncDependencies {
  shared ??= {
    accounts: new TargetAccountRepository(requireEnv(EnvNames.TargetAccountTable)),
    store: new RecoveryInstanceRepository(),
    jobs: new RecoveryJobRepository(),
    clients: new AwsClientFactory(),
    now: () => processClock.now(),
  };
  return shared;
}
