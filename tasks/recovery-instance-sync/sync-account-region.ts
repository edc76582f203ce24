import type { SyncTargetResult } from '../../contracts/records/sync-run';
import type { RegionStatusRecord } from '../../contracts/records/region-status';
import {
  syncAccountRegionInputSchema,
  syncAccountRegionOutputSchema,
  type SyncAccountRegionInput,
} from '../../contracts/tasks/recovery-instance-sync';
import { logger } from '../../lib/observability';
import { RegionStatusRepository } from '../../lib/repositories/region-status';
import { taskHandler } from '../../lib/task-handler';
import { ApiCallCounter } from './lib/api-call-counter';
import { syncDependencies } from './lib/dependencies';
import { countSourceServers, isUninitializedAccount, recordRegionStatus, type RegionStatusWriter } from './lib/region-status';
import { drsClientFor, syncServers, type SyncDependencies } from './lib/sync-servers';

export interface SyncAccountRegionDependencies extends SyncDependencies {
  readonly regionStatus: RegionStatusWriter;
}

const CHECKED_BY = 'recovery-instance-sync';

/**
 * Refreshes the cache for one account-region. Failures throw named errors:
 * the state machine retries throttling and 5xx, and records the rest as this
 * account-region's failure without stopping the others.
 *
 * When the active-region filter kept the region for any reason but "active"
 * (the table was empty or unreadable, the region is unknown, its last scan
 * failed, or it is a quiet region due for its recheck), the sync also records
 * the region's status, so that later runs can filter. A region where DRS was
 * never initialized holds nothing to sync: it succeeds with no records.
 */
export async function run(input: SyncAccountRegionInput, deps: SyncAccountRegionDependencies): Promise<SyncTargetResult> {
  const { accountId, region } = input;
  const learnsStatus = input.reason !== undefined && input.reason !== 'active';
  const status = (fields: Pick<RegionStatusRecord, 'serverCount' | 'initialized' | 'lastError'>) =>
    recordRegionStatus(deps.regionStatus, { accountId, region, ...fields, lastChecked: deps.now().toISOString(), checkedBy: `${CHECKED_BY} (${input.reason})` });

  let result: SyncTargetResult;
  try {
    result = await syncServers({ accountId, region }, deps);
  } catch (error) {
    if (isUninitializedAccount(error)) {
      if (learnsStatus) await status({ serverCount: 0, initialized: false, lastError: null });
      logger.info('DRS is not initialized in this account-region: nothing to sync', { accountId, region });
      return { accountId, region, status: 'SUCCEEDED', instancesProcessed: 0, recordsRemoved: 0, apiCalls: { drs: 1 }, warnings: ['DRS is not initialized in this account-region'] };
    }
    if (learnsStatus) {
      const e = error as Error;
      await status({ serverCount: 0, initialized: true, lastError: { errorName: e.name, message: e.message.slice(0, 2048), at: deps.now().toISOString() } });
    }
    throw error;
  }
  if (!learnsStatus) return result;

  const counter = new ApiCallCounter();
  const serverCount = await countSourceServers(await drsClientFor(deps, accountId, region), counter);
  await status({ serverCount, initialized: true, lastError: null });
  const apiCalls = { ...result.apiCalls, drs: (result.apiCalls?.drs ?? 0) + counter.get('drs') };
  return { ...result, apiCalls };
}

let regionStatus: RegionStatusWriter | undefined;
export const handler = taskHandler<SyncAccountRegionInput, SyncTargetResult>({
  name: 'SyncAccountRegion',
  inputSchema: syncAccountRegionInputSchema,
  outputSchema: syncAccountRegionOutputSchema,
  run: (input) => run(input, { ...syncDependencies(), regionStatus: (regionStatus ??= new RegionStatusRepository()) }),
});
