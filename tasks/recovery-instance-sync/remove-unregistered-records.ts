import {
  removeUnregisteredRecordsInputSchema,
  removeUnregisteredRecordsOutputSchema,
  type RemoveUnregisteredRecordsInput,
  type RemoveUnregisteredRecordsOutput,
} from '../../contracts/tasks/recovery-instance-sync';
import { logger } from '../../lib/observability';
import { RecoveryInstanceRepository, accountRegionKey } from '../../lib/repositories/recovery-instances';
import { taskHandler } from '../../lib/task-handler';

export interface RemoveUnregisteredRecordsDependencies {
  readonly store: Pick<RecoveryInstanceRepository, 'scanPlacements' | 'deleteMany'>;
}

/**
 * Removes the cached records of every account-region that is not among the
 * registered targets: an account deleted, or a region taken off an account.
 * SyncAccountRegion only ever sees registered account-regions, so without
 * this their records would stay in the cache for good.
 */
export async function run(input: RemoveUnregisteredRecordsInput, deps: RemoveUnregisteredRecordsDependencies): Promise<RemoveUnregisteredRecordsOutput> {
  const registered = new Set(input.targets.map((t) => accountRegionKey(t.accountId, t.region)));
  const unregistered = (await deps.store.scanPlacements()).filter((p) => !registered.has(accountRegionKey(p.accountId, p.region)));
  if (unregistered.length > 0) await deps.store.deleteMany(unregistered.map((p) => p.sourceServerId));
  const accountRegions = [...new Map(unregistered.map((p) => [accountRegionKey(p.accountId, p.region), { accountId: p.accountId, region: p.region }])).values()];
  if (accountRegions.length > 0) logger.info('Removed records of unregistered account-regions', { recordsRemoved: unregistered.length, accountRegions });
  return { recordsRemoved: unregistered.length, accountRegions: accountRegions.slice(0, 200) };
}

let deps: RemoveUnregisteredRecordsDependencies | undefined;
export const handler = taskHandler<RemoveUnregisteredRecordsInput, RemoveUnregisteredRecordsOutput>({
  name: 'RemoveUnregisteredRecords',
  inputSchema: removeUnregisteredRecordsInputSchema,
  outputSchema: removeUnregisteredRecordsOutputSchema,
  run: (input) => run(input, (deps ??= { store: new RecoveryInstanceRepository() })),
});
