import { beginTagSyncInputSchema, beginTagSyncOutputSchema, type BeginTagSyncInput, type BeginTagSyncOutput } from '../../contracts/tasks/tag-sync';
import type { TagSyncSettings } from '../../contracts/records/tag-sync-settings';
import { EnvNames, requireEnv } from '../../lib/config';
import { processClock } from '../../lib/clock';
import { logger } from '../../lib/observability';
import { ActiveRegionFilter, type AccountRegions, type RegionScanPlan } from '../../lib/regions/active-region-filter';
import { RegionStatusRepository } from '../../lib/repositories/region-status';
import { SyncRunRepository } from '../../lib/repositories/sync-runs';
import { TagSyncSettingsRepository } from '../../lib/repositories/tag-sync-settings';
import { TargetAccountRepository } from '../../lib/repositories/target-accounts';
import { planScanTargets, runIdentity, startRun } from '../../lib/sync-runs/run-lifecycle';
import { taskHandler } from '../../lib/task-handler';

export const TAG_SYNC_NAME = 'tag-sync';
/** A run may hold the lock this long; the machine's own timeout is shorter. */
export const TAG_SYNC_LOCK_TTL_MS = 60 * 60_000;

export interface BeginTagSyncDependencies {
  readonly settings: { get(): Promise<TagSyncSettings> };
  readonly accounts: { list(): Promise<ReadonlyArray<{ accountId: string; regions: readonly string[] }>> };
  readonly regions: { plan(operation: string, accounts: readonly AccountRegions[]): Promise<RegionScanPlan> };
  readonly runs: Pick<SyncRunRepository, 'acquireLock' | 'put'>;
  readonly now: () => Date;
}

/**
 * Reads the settings: a disabled sync ends here, before the lock, with a clear
 * output. Otherwise plans the account-regions to scan (active-region filter
 * 'tag-sync'), takes the 'tag-sync' lock and records the run as RUNNING. The
 * plan is read before the lock: reading takes nothing that must be given back.
 */
export async function run(input: BeginTagSyncInput, deps: BeginTagSyncDependencies): Promise<BeginTagSyncOutput> {
  const settings = await deps.settings.get();
  if (!settings.enabled) {
    logger.info('Tag sync is disabled: nothing read or written');
    return { enabled: false, status: 'DISABLED', message: 'Tag sync is disabled in its settings (PUT /api/config/tag-sync); nothing was read or written.' };
  }
  const { plan, scanTargets } = await planScanTargets(deps.regions, TAG_SYNC_NAME, await deps.accounts.list());
  const { runId, startedAt } = runIdentity(input);
  await startRun(deps.runs, {
    syncName: TAG_SYNC_NAME,
    executionArn: input.executionArn,
    runId,
    startedAt,
    lockTtlMs: TAG_SYNC_LOCK_TTL_MS,
    nowMs: deps.now().getTime(),
    skippedMessage: 'Tag sync skipped: another run holds the lock',
  });
  return {
    enabled: true,
    runId,
    startedAt,
    selection: { includePrefixes: [...settings.includePrefixes], excludePrefixes: [...settings.excludePrefixes] },
    scanTargets,
    fallback: plan.fallback,
  };
}

let deps: BeginTagSyncDependencies | undefined;
export const handler = taskHandler<BeginTagSyncInput, BeginTagSyncOutput>({
  name: 'BeginTagSync',
  inputSchema: beginTagSyncInputSchema,
  outputSchema: beginTagSyncOutputSchema,
  run: (input) =>
    run(
      input,
      (deps ??= {
        settings: new TagSyncSettingsRepository(),
        accounts: new TargetAccountRepository(requireEnv(EnvNames.TargetAccountTable)),
        regions: new ActiveRegionFilter({ statuses: new RegionStatusRepository() }),
        runs: new SyncRunRepository(),
        now: () => processClock.now(),
      }),
    ),
});
