import {
  beginInventorySyncInputSchema,
  beginInventorySyncOutputSchema,
  type BeginInventorySyncInput,
  type BeginInventorySyncOutput,
} from '../../contracts/tasks/inventory-sync';
import { EnvNames, requireEnv } from '../../lib/config';
import { processClock } from '../../lib/clock';
import { logger } from '../../lib/observability';
import { ActiveRegionFilter, type AccountRegions, type RegionScanPlan } from '../../lib/regions/active-region-filter';
import { RegionStatusRepository } from '../../lib/repositories/region-status';
import { SourceServerInventoryRepository } from '../../lib/repositories/source-server-inventory';
import { SyncRunRepository } from '../../lib/repositories/sync-runs';
import { TargetAccountRepository } from '../../lib/repositories/target-accounts';
import { planScanTargets, runIdentity, startRun } from '../../lib/sync-runs/run-lifecycle';
import { taskHandler } from '../../lib/task-handler';

export const INVENTORY_SYNC_NAME = 'inventory-sync';
/** A run may hold the lock this long; the machine's own timeout (10 min) is shorter. */
export const INVENTORY_SYNC_LOCK_TTL_MS = 20 * 60_000;

export interface BeginInventorySyncDependencies {
  readonly accounts: { list(): Promise<ReadonlyArray<{ accountId: string; regions: readonly string[] }>> };
  readonly regions: { plan(operation: string, accounts: readonly AccountRegions[]): Promise<RegionScanPlan> };
  readonly runs: Pick<SyncRunRepository, 'acquireLock' | 'put'>;
  readonly inventory: Pick<SourceServerInventoryRepository, 'listMarkers' | 'listAccountRegion' | 'deleteMany' | 'deleteMarker'>;
  readonly now: () => Date;
}

/**
 * Removes the inventory of account-regions no longer registered (an account
 * removed, a region taken off an account): the syncs never scan them again,
 * so nothing else would. Best effort under the lock: a failure is logged and
 * the next run tries again; the reads never serve them (they cover registered
 * account-regions only).
 */
async function removeUnregistered(deps: BeginInventorySyncDependencies, accounts: ReadonlyArray<{ accountId: string; regions: readonly string[] }>): Promise<number> {
  const registered = new Set(accounts.flatMap((a) => a.regions.map((r) => `${a.accountId}#${r}`)));
  let removed = 0;
  try {
    for (const marker of await deps.inventory.listMarkers()) {
      if (registered.has(`${marker.accountId}#${marker.region}`)) continue;
      const records = await deps.inventory.listAccountRegion(marker.accountId, marker.region);
      if (records.length > 0) removed += await deps.inventory.deleteMany(marker.accountId, marker.region, records.map((r) => r.sourceServerId));
      await deps.inventory.deleteMarker(marker.accountId, marker.region);
      logger.info('Inventory of an unregistered account-region removed', { accountId: marker.accountId, region: marker.region, records: records.length });
    }
  } catch (error) {
    logger.warn('Inventory of unregistered account-regions not removed; the next run tries again', { error: (error as Error).name, message: (error as Error).message });
  }
  return removed;
}

/**
 * Plans the account-regions to inventory (active-region filter
 * 'inventory-sync': the regions with servers, the unknown, the failed and the
 * quiet ones due a recheck; every registered region when the region status is
 * empty or unreadable), takes the 'inventory-sync' lock and records the run as
 * RUNNING. The plan is read before the lock: reading takes nothing that must
 * be given back.
 */
export async function run(input: BeginInventorySyncInput, deps: BeginInventorySyncDependencies): Promise<BeginInventorySyncOutput> {
  const accounts = await deps.accounts.list();
  const { plan, scanTargets } = await planScanTargets(deps.regions, INVENTORY_SYNC_NAME, accounts);
  const { runId, startedAt } = runIdentity(input);
  await startRun(deps.runs, {
    syncName: INVENTORY_SYNC_NAME,
    executionArn: input.executionArn,
    runId,
    startedAt,
    lockTtlMs: INVENTORY_SYNC_LOCK_TTL_MS,
    nowMs: deps.now().getTime(),
    skippedMessage: 'Inventory sync skipped: another run holds the lock',
  });
  await removeUnregistered(deps, accounts);
  logger.info('Inventory sync started', { runId, trigger: input.machineInput.trigger ?? 'manual', regionsScanned: plan.regionsScanned, regionsSkipped: plan.regionsSkipped, fallback: plan.fallback });
  return {
    runId,
    startedAt,
    scanTargets,
    plan: {
      regionsFound: plan.regionsFound,
      regionsScanned: plan.regionsScanned,
      regionsSkipped: plan.regionsSkipped,
      callsSavedPercent: plan.callsSavedPercent,
      fallback: plan.fallback,
    },
  };
}

let deps: BeginInventorySyncDependencies | undefined;
export const handler = taskHandler<BeginInventorySyncInput, BeginInventorySyncOutput>({
  name: 'BeginInventorySync',
  inputSchema: beginInventorySyncInputSchema,
  outputSchema: beginInventorySyncOutputSchema,
  run: (input) =>
    run(
      input,
      (deps ??= {
        accounts: new TargetAccountRepository(requireEnv(EnvNames.TargetAccountTable)),
        regions: new ActiveRegionFilter({ statuses: new RegionStatusRepository() }),
        runs: new SyncRunRepository(),
        inventory: new SourceServerInventoryRepository(),
        now: () => processClock.now(),
      }),
    ),
});
