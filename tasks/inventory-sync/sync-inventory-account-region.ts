import {
  syncInventoryAccountRegionInputSchema,
  syncInventoryAccountRegionOutputSchema,
  type InventoryTargetResult,
  type SyncInventoryAccountRegionInput,
} from '../../contracts/tasks/inventory-sync';
import { EnvNames, requireEnv } from '../../lib/config';
import { AwsClientFactory } from '../../lib/aws/clients';
import { processClock } from '../../lib/clock';
import { clearAccountRegion, refreshAccountRegion, type RefreshDependencies } from '../../lib/inventory/refresh-account-region';
import { logger } from '../../lib/observability';
import { RegionStatusRepository } from '../../lib/repositories/region-status';
import { SourceServerInventoryRepository } from '../../lib/repositories/source-server-inventory';
import { TargetAccountRepository } from '../../lib/repositories/target-accounts';
import { taskHandler } from '../../lib/task-handler';
import { isUninitializedAccount, recordRegionStatus, type RegionStatusWriter } from '../recovery-instance-sync/lib/region-status';

export interface SyncInventoryDependencies extends RefreshDependencies {
  readonly regionStatus: RegionStatusWriter;
}

/**
 * Inventories one account-region (every source server with its newest
 * snapshot; records of servers gone removed) and records the region status
 * it found: the server count (zero too), DRS not initialized, or the error.
 * The inventory sync is what keeps the region status true, so it records
 * every region it scans, whatever the filter's reason. Errors leave as named
 * errors: the machine retries throttling and 5xx, and catches the rest for
 * this account-region only.
 */
export async function run(input: SyncInventoryAccountRegionInput, deps: SyncInventoryDependencies): Promise<InventoryTargetResult> {
  const { accountId, region } = input;
  const status = (serverCount: number, initialized: boolean, error?: Error) =>
    recordRegionStatus(deps.regionStatus, {
      accountId,
      region,
      serverCount,
      initialized,
      lastChecked: deps.now().toISOString(),
      checkedBy: `inventory-sync (${input.reason})`,
      lastError: error ? { errorName: error.name, message: error.message.slice(0, 2048), at: deps.now().toISOString() } : null,
    });
  try {
    const result = await refreshAccountRegion({ accountId, region }, { writer: 'inventory-sync', readSnapshots: true, readTemplates: true }, deps);
    await status(result.serversFound, true);
    const byState: Record<string, number> = {};
    for (const r of result.records) byState[r.replicationState] = (byState[r.replicationState] ?? 0) + 1;
    logger.info('Account-region inventoried', { accountId, region, servers: result.serversFound, byState, recordsRemoved: result.recordsRemoved, topology: result.topology, apiCalls: result.apiCalls });
    const topologyMissing = result.topology['missing-legacy'] + result.topology['missing-failback'];
    return {
      accountId,
      region,
      // A server without its original topology is a warning on the run, not a failure of it.
      status: 'SUCCEEDED',
      initialized: true,
      serversFound: result.serversFound,
      recordsRemoved: result.recordsRemoved,
      topologyCaptured: result.topology.captured,
      topologyMissing,
      warnings: result.warnings,
      apiCalls: result.apiCalls,
    };
  } catch (error) {
    if (isUninitializedAccount(error)) {
      const removed = await clearAccountRegion({ accountId, region }, 'inventory-sync', deps);
      await status(0, false);
      logger.info('Account-region inventoried: DRS not initialized', { accountId, region, recordsRemoved: removed });
      return {
        accountId, region, status: 'SUCCEEDED', initialized: false, serversFound: 0, recordsRemoved: removed, topologyCaptured: 0, topologyMissing: 0,
        warnings: ['DRS is not initialized in this account-region'], apiCalls: { drs: 1 },
      };
    }
    await status(0, true, error as Error);
    throw error;
  }
}

let deps: SyncInventoryDependencies | undefined;
export const handler = taskHandler<SyncInventoryAccountRegionInput, InventoryTargetResult>({
  name: 'SyncInventoryAccountRegion',
  inputSchema: syncInventoryAccountRegionInputSchema,
  outputSchema: syncInventoryAccountRegionOutputSchema,
  run: (input) =>
    run(
      input,
      (deps ??= {
        accounts: new TargetAccountRepository(requireEnv(EnvNames.TargetAccountTable)),
        clients: new AwsClientFactory(),
        inventory: new SourceServerInventoryRepository(),
        regionStatus: new RegionStatusRepository(),
        now: () => processClock.now(),
      }),
    ),
});
