import type { SyncTargetResult } from '../../contracts/records/sync-run';
import {
  syncAccountRegionInputSchema,
  syncAccountRegionOutputSchema,
  type SyncAccountRegionInput,
} from '../../contracts/tasks/recovery-instance-sync';
import { taskHandler } from '../../lib/task-handler';
import { syncDependencies } from './lib/dependencies';
import { syncServers, type SyncDependencies } from './lib/sync-servers';

/**
 * Refreshes the cache for one account-region. Failures throw named errors:
 * the state machine retries throttling and 5xx, and records the rest as this
 * account-region's failure without stopping the others.
 */
export async function run(input: SyncAccountRegionInput, deps: SyncDependencies): Promise<SyncTargetResult> {
  return syncServers({ accountId: input.accountId, region: input.region }, deps);
}

export const handler = taskHandler<SyncAccountRegionInput, SyncTargetResult>({
  name: 'SyncAccountRegion',
  inputSchema: syncAccountRegionInputSchema,
  outputSchema: syncAccountRegionOutputSchema,
  run: (input) => run(input, syncDependencies()),
});
